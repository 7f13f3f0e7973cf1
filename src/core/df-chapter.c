/* df-chapter.c: being written */
#include "config.h"
