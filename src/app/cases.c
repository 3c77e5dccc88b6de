/* cases.c: the use cases of citizen cases: intake, routing, clocks, actions, reveal, tracking. */
#include "app/cases.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "app/admin.h"
#include "app/seal.h"
#include "base/msg.h"
#include "base/strbuf.h"
#include "base/utf8.h"
#include "core/kinds.h"
#include "store/area.h"
#include "store/audit.h"
#include "store/catalog.h"
#include "store/outbox.h"
#include "store/session.h"
#include "store/topic_dummy_never_included.h"

#include "base/banned.h"
