// libplist, loaded when a run first reads or writes an Apple property list (Linux): the library
// costs every run ~16 page faults and ~0.3 ms to map and relocate (a C program that only links it:
// 63 faults against 47), yet only Apple Mail's files use it. How: startup/on_demand_posix.hpp (one
// line per libplist function the executable calls). The test executables link libplist as usual;
// CMake option MAILMEND_PLIST_ON_DEMAND.
#include <plist/plist.h>

#include "startup/on_demand_posix.hpp"

namespace {

void* plist_library() {
  static void* handle = startup::open_library_or_exit(MAILMEND_LIBPLIST_SONAME, "libplist");
  return handle;
}

}  // namespace

#define MM_PLIST(result, name, parameters, arguments) \
  MM_ON_DEMAND(plist_library, "libplist", result, name, parameters, arguments)

MM_PLIST(void, plist_array_append_item, (plist_t node, plist_t item), (node, item))
MM_PLIST(plist_t, plist_array_get_item, (plist_t node, uint32_t n), (node, n))
MM_PLIST(uint32_t, plist_array_get_size, (plist_t node), (node))
MM_PLIST(void, plist_array_new_iter, (plist_t node, plist_array_iter *iter), (node, iter))
MM_PLIST(void, plist_array_next_item, (plist_t node, plist_array_iter iter, plist_t *item), (node, iter, item))
MM_PLIST(char, plist_compare_node_value, (plist_t node_l, plist_t node_r), (node_l, node_r))
MM_PLIST(plist_t, plist_dict_get_item, (plist_t node, const char* key), (node, key))
MM_PLIST(uint32_t, plist_dict_get_size, (plist_t node), (node))
MM_PLIST(void, plist_dict_new_iter, (plist_t node, plist_dict_iter *iter), (node, iter))
MM_PLIST(void, plist_dict_next_item, (plist_t node, plist_dict_iter iter, char **key, plist_t *val), (node, iter, key, val))
MM_PLIST(void, plist_dict_set_item, (plist_t node, const char* key, plist_t item), (node, key, item))
MM_PLIST(void, plist_free, (plist_t plist), (plist))
MM_PLIST(void, plist_from_bin, (const char *plist_bin, uint32_t length, plist_t * plist), (plist_bin, length, plist))
MM_PLIST(void, plist_from_xml, (const char *plist_xml, uint32_t length, plist_t * plist), (plist_xml, length, plist))
MM_PLIST(void, plist_get_bool_val, (plist_t node, uint8_t * val), (node, val))
MM_PLIST(plist_type, plist_get_node_type, (plist_t node), (node))
MM_PLIST(void, plist_get_real_val, (plist_t node, double *val), (node, val))
MM_PLIST(const char*, plist_get_string_ptr, (plist_t node, uint64_t* length), (node, length))
MM_PLIST(void, plist_get_uid_val, (plist_t node, uint64_t * val), (node, val))
MM_PLIST(void, plist_get_uint_val, (plist_t node, uint64_t * val), (node, val))
MM_PLIST(plist_t, plist_new_array, (), ())
MM_PLIST(plist_t, plist_new_bool, (uint8_t val), (val))
MM_PLIST(plist_t, plist_new_dict, (), ())
MM_PLIST(plist_t, plist_new_string, (const char *val), (val))
MM_PLIST(plist_t, plist_new_uid, (uint64_t val), (val))
MM_PLIST(plist_t, plist_new_uint, (uint64_t val), (val))
MM_PLIST(void, plist_set_bool_val, (plist_t node, uint8_t val), (node, val))
MM_PLIST(void, plist_set_string_val, (plist_t node, const char *val), (node, val))
MM_PLIST(void, plist_set_uint_val, (plist_t node, uint64_t val), (node, val))
MM_PLIST(void, plist_to_bin, (plist_t plist, char **plist_bin, uint32_t * length), (plist, plist_bin, length))
MM_PLIST(void, plist_to_bin_free, (char *plist_bin), (plist_bin))
MM_PLIST(void, plist_to_xml, (plist_t plist, char **plist_xml, uint32_t * length), (plist, plist_xml, length))
MM_PLIST(void, plist_to_xml_free, (char *plist_xml), (plist_xml))
