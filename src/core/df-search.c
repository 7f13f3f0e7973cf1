/* df-search.c: being written */
#include "config.h"
