/* df-stats.c: being written */
#include "config.h"
