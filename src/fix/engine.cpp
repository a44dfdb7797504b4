#include "fix/engine.hpp"
