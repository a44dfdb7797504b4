// The fuzz entries, compiled into test_fuzzreplay (the fuzz folder is not a component of its own;
// each target keeps its helpers in its own detail_<reader> namespace so that they can share a
// translation unit).
#include "fuzz/targets.cpp"
#include "fuzz/target_bplist.cpp"
#include "fuzz/target_declaration.cpp"
#include "fuzz/target_hive.cpp"
#include "fuzz/target_hosts_file.cpp"
#include "fuzz/target_ispdb.cpp"
#include "fuzz/target_keyed_archive.cpp"
#include "fuzz/target_imap_reply.cpp"
#include "fuzz/target_pop3_reply.cpp"
#include "fuzz/target_smtp_reply.cpp"
#include "fuzz/target_mobileconfig.cpp"
#include "fuzz/target_prefs_js.cpp"
#include "fuzz/target_prf.cpp"
#include "fuzz/target_profiles_ini.cpp"
#include "fuzz/target_reg.cpp"
#include "fuzz/target_xml_plist.cpp"
