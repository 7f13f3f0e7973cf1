/* df-profile.c: being written */
#include "config.h"
