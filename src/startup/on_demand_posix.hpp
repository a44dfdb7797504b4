#pragma once
// A shared library loaded when a run first calls it (Linux), for the *_on_demand_posix.cpp files
// of the mailmend executable: each defines the library's functions it calls, with one
// MM_ON_DEMAND line per function; the definition loads the library on first use (dlopen,
// RTLD_LOCAL: the process's symbols stay ours) and forwards to the real function. Defined in the
// executable, these symbols leave the library unneeded at link time (-Wl,--as-needed drops it),
// and hidden, they are never seen by libraries loaded later. The signatures are checked against
// the library's header: a definition that differs from the header's declaration does not compile.
// A new call fails the link with an undefined reference until its line is added.
namespace startup {

// The library's handle, opened once per call site's static (thread-safe); a run that needs the
// library and cannot load it ends here with the loader's reason (exit code 2, as other failures
// to start). `needed` names the library for that message ("OpenSSL", "libplist").
void* open_library_or_exit(const char* soname, const char* needed);

// The address of `name` in `library`, or the end of the run (exit code 2) with a message.
void* symbol_or_exit(void* library, const char* name, const char* needed);

}  // namespace startup

#define MM_ON_DEMAND(library, needed, result, name, parameters, arguments)                           \
  extern "C" __attribute__((visibility("hidden"))) result name parameters {                         \
    static auto* const real = reinterpret_cast<decltype(::name)*>(                                  \
        startup::symbol_or_exit(library(), #name, needed));                                          \
    return real arguments;                                                                           \
  }
