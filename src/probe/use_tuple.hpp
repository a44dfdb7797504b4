#pragma once
// The completion token the probe's coroutines use: an operation's outcome comes back as a tuple
// (error code first) instead of an exception, so a timeout or a refused connection is a value.
#include <asio/experimental/as_tuple.hpp>
#include <asio/use_awaitable.hpp>

namespace probe {

inline constexpr auto use_tuple = asio::experimental::as_tuple(asio::use_awaitable);

}  // namespace probe
