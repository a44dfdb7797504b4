# Compiles the message catalogues po/*.po with msgfmt at build time and embeds the .mo images in
# mm_i18n (src/i18n/embedded_catalogues.hpp declares them): the binary needs no file beside it.
# msgfmt runs on the build machine, so a cross build embeds the same bytes.
find_program(MAILMEND_MSGFMT msgfmt)
if(NOT MAILMEND_MSGFMT)
  message(FATAL_ERROR "msgfmt not found: install Debian's gettext package (scripts/setup does)")
endif()
set(catalogue_po ${CMAKE_CURRENT_SOURCE_DIR}/po/zh_CN.po)
set(catalogue_mo ${CMAKE_CURRENT_BINARY_DIR}/generated/zh_CN.mo)
set(catalogue_cpp ${CMAKE_CURRENT_BINARY_DIR}/generated/catalogues_data.cpp)
add_custom_command(
  OUTPUT ${catalogue_mo} ${catalogue_cpp}
  COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_CURRENT_BINARY_DIR}/generated
  COMMAND ${MAILMEND_MSGFMT} --check-header -o ${catalogue_mo} ${catalogue_po}
  COMMAND ${CMAKE_COMMAND} -DMO=${catalogue_mo} -DOUT=${catalogue_cpp} -DFUNCTION=embedded_mo_zh_cn
          -P ${CMAKE_CURRENT_SOURCE_DIR}/cmake/bytes_to_cpp.cmake
  DEPENDS ${catalogue_po} ${CMAKE_CURRENT_SOURCE_DIR}/cmake/bytes_to_cpp.cmake
  COMMENT "Compiling the message catalogue po/zh_CN.po"
  VERBATIM)
target_sources(mm_i18n PRIVATE ${catalogue_cpp})
if(APPLE)
  target_link_libraries(mm_i18n PRIVATE "-framework CoreFoundation")  # AppleLanguages
endif()
