/* df-progress.c: being written */
#include "config.h"
