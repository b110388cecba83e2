// (to be written: pure parsers of /proc/<pid>/* files)
