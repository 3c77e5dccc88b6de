/* server.h: the HTTP server (libmicrohttpd, epoll thread pool) and its slow-work pool. */
#ifndef DV_SERVER_H
#define DV_SERVER_H

#include "app/app.h"

/*
 * Serve app->cfg.listen until SIGINT or SIGTERM. Once listening, prints
 * "danvan: listening on http://HOST:PORT/" to stderr (with the real port when the configured
 * one is 0). Returns a process exit code (0 after a clean shutdown).
 */
int server_run(struct app *app);

#endif
