/* Checks a hivex build on real hives: the same output natively (Debian's libhivex) and from the
 * Windows build under Wine means the library, its iconv shim and its file handling agree.
 *   hivex-probe list HIVE          every key (path), value (name, type, length, data in hex)
 *   hivex-probe edit IN OUT        adds keys and values with Latin-1, UTF-16 and long names and
 *                                  data to a copy of IN, commits it to OUT, then lists OUT
 * Exits 1 with a message on the first hivex error. */
#include <errno.h>
#include <hivex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int fail(const char *what) {
  printf("error: %s: %s\n", what, strerror(errno));
  return 1;
}

static void print_escaped(const char *s, size_t len) {
  for (size_t i = 0; i < len; ++i) {
    unsigned char c = (unsigned char)s[i];
    if (c < 0x20 || c == '\\' || c >= 0x7F) printf("\\x%02X", c);
    else putchar(c);
  }
}

static int list_values(hive_h *h, hive_node_h node) {
  hive_value_h *values = hivex_node_values(h, node);
  if (!values) return fail("hivex_node_values");
  for (size_t i = 0; values[i]; ++i) {
    size_t key_len = hivex_value_key_len(h, values[i]);
    char *key = hivex_value_key(h, values[i]);
    hive_type t;
    size_t len;
    char *data = hivex_value_value(h, values[i], &t, &len);
    if (!key || !data) return fail("hivex_value_key/value");
    printf("  value \"");
    print_escaped(key, strlen(key));
    printf("\" (key_len %zu) type %u len %zu:", key_len, (unsigned)t, len);
    for (size_t j = 0; j < len; ++j) printf(" %02X", (unsigned char)data[j]);
    printf("\n");
    free(key);
    free(data);
  }
  free(values);
  return 0;
}

static int list_node(hive_h *h, hive_node_h node, const char *path) {
  printf("key \"");
  print_escaped(path, strlen(path));
  printf("\" (name_len %zu, %zu values)\n", hivex_node_name_len(h, node), hivex_node_nr_values(h, node));
  if (list_values(h, node)) return 1;
  hive_node_h *children = hivex_node_children(h, node);
  if (!children) return fail("hivex_node_children");
  for (size_t i = 0; children[i]; ++i) {
    char *name = hivex_node_name(h, children[i]);
    if (!name) return fail("hivex_node_name");
    char *child_path = malloc(strlen(path) + strlen(name) + 2);
    sprintf(child_path, "%s\\%s", path, name);
    int r = list_node(h, children[i], child_path);
    free(child_path);
    free(name);
    if (r) return r;
  }
  free(children);
  return 0;
}

static int list(const char *file) {
  hive_h *h = hivex_open(file, 0);
  if (!h) return fail("hivex_open");
  int r = list_node(h, hivex_root(h), "");
  hivex_close(h);
  return r;
}

static int edit(const char *in, const char *out) {
  hive_h *h = hivex_open(in, HIVEX_OPEN_WRITE);
  if (!h) return fail("hivex_open (write)");
  /* Latin-1 name (stored as such), a name only UTF-16 holds (Chinese), a long value. */
  const char *names[] = {"Caf\xC3\xA9", "\xE5\xBC\xA0\xE4\xBC\x9F"};
  static char big[5000];
  for (size_t i = 0; i < sizeof big; ++i) big[i] = (char)(i * 7);
  hive_node_h parent = hivex_root(h);
  for (int i = 0; i < 2; ++i) {
    hive_node_h node = hivex_node_add_child(h, parent, names[i]);
    if (!node) return fail("hivex_node_add_child");
    hive_set_value v[2] = {{(char *)names[1 - i], hive_t_REG_BINARY, 4, (char *)"\x01\x02\x03\x04"},
                           {(char *)"big", hive_t_REG_BINARY, sizeof big, big}};
    if (hivex_node_set_values(h, node, 2, v, 0) == -1) return fail("hivex_node_set_values");
    parent = node;
  }
  if (hivex_commit(h, out, 0) == -1) return fail("hivex_commit");
  hivex_close(h);
  return list(out);
}

int main(int argc, char **argv) {
  if (argc == 3 && strcmp(argv[1], "list") == 0) return list(argv[2]);
  if (argc == 4 && strcmp(argv[1], "edit") == 0) return edit(argv[2], argv[3]);
  fprintf(stderr, "usage: hivex-probe list HIVE | edit IN OUT\n");
  return 2;
}
