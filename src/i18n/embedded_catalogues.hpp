// The .mo images compiled from po/*.po at build time (cmake/embed_catalogues.cmake generates the
// definitions).
#pragma once

#include <string_view>

namespace i18n {

std::string_view embedded_mo_zh_cn();

}  // namespace i18n
