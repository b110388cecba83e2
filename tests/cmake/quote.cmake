# psinfo_quote(OUT VALUE): VALUE as one CMake bracket argument, [=[...]=], so that nothing in it
# is read as syntax (used to write the files ctest includes).
function(psinfo_quote out value)
  set(eq "=")
  while(value MATCHES "\\]${eq}\\]")
    string(APPEND eq "=")
  endwhile()
  set(${out} "[${eq}[${value}]${eq}]" PARENT_SCOPE)
endfunction()
