// Used only by the host type-check when no real config.h exists.
#pragma once
#include "config.example.h"
