# The public suffix list (publicsuffix.org; Debian package publicsuffix), embedded for online
# discovery's registrable domain (src/discovery/public_suffix.cpp): its rules only, one per line,
# as a C++ raw string literal. The list is the build machine's, so the Windows build embeds the same.
set(MAILMEND_PUBLIC_SUFFIX_LIST /usr/share/publicsuffix/public_suffix_list.dat CACHE FILEPATH
    "The public suffix list to embed (Debian package publicsuffix)")
if(NOT EXISTS ${MAILMEND_PUBLIC_SUFFIX_LIST})
  message(FATAL_ERROR "${MAILMEND_PUBLIC_SUFFIX_LIST} is missing: install the Debian package publicsuffix "
                      "(scripts/setup) or pass -DMAILMEND_PUBLIC_SUFFIX_LIST=FILE")
endif()
file(STRINGS ${MAILMEND_PUBLIC_SUFFIX_LIST} psl_rules ENCODING UTF-8 REGEX "^[^/ \t]")
list(LENGTH psl_rules psl_count)
if(psl_count LESS 1000)
  message(FATAL_ERROR "${MAILMEND_PUBLIC_SUFFIX_LIST}: only ${psl_count} rules; not a public suffix list")
endif()
list(JOIN psl_rules "\n" psl_text)
file(WRITE ${CMAKE_CURRENT_BINARY_DIR}/generated/public_suffix_list.inc.tmp "R\"psl(${psl_text}\n)psl\"\n")
configure_file(${CMAKE_CURRENT_BINARY_DIR}/generated/public_suffix_list.inc.tmp
               ${CMAKE_CURRENT_BINARY_DIR}/generated/public_suffix_list.inc COPYONLY)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${MAILMEND_PUBLIC_SUFFIX_LIST})
target_include_directories(mm_discovery PRIVATE ${CMAKE_CURRENT_BINARY_DIR}/generated)
