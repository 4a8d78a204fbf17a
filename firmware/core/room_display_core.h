// Umbrella header for the Arduino build: the core is used as a library
// (core/library.properties), and one distinctive header name keeps the
// Arduino library finder from confusing it with other libraries.
#pragma once
#include "cycle.h"
#include "frame.h"
#include "layout.h"
#include "payload.h"
#include "policy.h"
#include "request.h"
#include "schedule.h"
