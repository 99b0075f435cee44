#!/usr/bin/env bash
# Fails when src/ calls an unsafe libc function (STYLE.md): sprintf,
# vsprintf, strcpy, strcat, strncpy, strncat, gets, atoi. Use snprintf,
# memcpy with explicit lengths, the buf module, strtol.
cd "$(dirname "$0")/.."
hits=$(grep -rnE '(^|[^a-z_])(sprintf|vsprintf|strcpy|strcat|strncpy|strncat|gets|atoi)[[:space:]]*\(' src \
  --include='*.c' --include='*.h' | grep -vE '(snprintf|vsnprintf)[[:space:]]*\(' || true)
if [ -n "$hits" ]; then echo "$hits"; exit 1; fi
exit 0
