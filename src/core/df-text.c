/* df-text.c: being written */
#include "config.h"
