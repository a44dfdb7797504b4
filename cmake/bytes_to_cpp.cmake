# cmake -DMO=file -DOUT=file.cpp -DFUNCTION=name -P bytes_to_cpp.cmake
# Writes `std::string_view i18n::FUNCTION()` returning the bytes of MO.
file(READ ${MO} hex HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
string(REGEX REPLACE "(0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,)" "\\1\n" bytes "${bytes}")
file(WRITE ${OUT}.tmp "// Generated from ${MO} by cmake/bytes_to_cpp.cmake; do not edit.
#include \"i18n/embedded_catalogues.hpp\"

namespace i18n {

std::string_view ${FUNCTION}() {
  static const unsigned char bytes[] = {
${bytes}0};
  return {reinterpret_cast<const char*>(bytes), sizeof bytes - 1};
}

}  // namespace i18n
")
file(RENAME ${OUT}.tmp ${OUT})
