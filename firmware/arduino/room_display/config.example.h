// Copy to config.h (git-ignored) and fill in per display.
#pragma once

#define FW_VERSION "1.0.0"

#define WIFI_SSID "office-iot"
#define WIFI_PASSWORD "change-me"

// Base URL of the server, without a trailing slash; the firmware appends
// /displays/schedule?... (see PROTOCOL.md).
#define SERVER_BASE_URL "https://rooms.example.com"

// Per-display bearer token issued by the server when the display is
// registered. An unknown token gets 401 and the "not registered" screen.
#define DISPLAY_TOKEN "rd_live_xxxxxxxxxxxxxxxxxxxxxxxx"

// Language for the error screens until the server has sent lang=.
#define DEFAULT_LANG rd::Lang::Ru

// PEM of the CA that signed the server certificate (required for https://;
// the token must never go to an unverified peer).
static const char SERVER_ROOT_CA[] = R"PEM(-----BEGIN CERTIFICATE-----
...your CA certificate...
-----END CERTIFICATE-----
)PEM";
