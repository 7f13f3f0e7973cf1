/* df-project.c: being written */
#include "config.h"
