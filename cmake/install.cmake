# Installation: headers, libraries, psinfoConfig.cmake (psinfo::psinfo) and psinfo.pc.
