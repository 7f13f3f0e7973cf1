/* df-folder.c: being written */
#include "config.h"
