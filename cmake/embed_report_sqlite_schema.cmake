# schemas/report-sqlite.sql as a C++ raw string literal for src/report/render_sqlite.cpp: the
# documented DDL is the one the program runs (one source of truth; owned by src/report).
file(READ ${CMAKE_CURRENT_SOURCE_DIR}/schemas/report-sqlite.sql MAILMEND_REPORT_SQLITE_SQL)
file(WRITE ${CMAKE_CURRENT_BINARY_DIR}/generated/report_sqlite_schema_sql.inc.tmp "R\"sql(${MAILMEND_REPORT_SQLITE_SQL})sql\"\n")
configure_file(${CMAKE_CURRENT_BINARY_DIR}/generated/report_sqlite_schema_sql.inc.tmp
               ${CMAKE_CURRENT_BINARY_DIR}/generated/report_sqlite_schema_sql.inc COPYONLY)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/schemas/report-sqlite.sql)
target_include_directories(mm_report PRIVATE ${CMAKE_CURRENT_BINARY_DIR}/generated)
