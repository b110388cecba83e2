/* The C tests' sockets of their own on 127.0.0.1, for the connection tables to find. */
#ifndef PSINFO_TESTS_LOOPBACK_H
#define PSINFO_TESTS_LOOPBACK_H

#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* A socket of `type` (SOCK_STREAM, SOCK_DGRAM) bound to 127.0.0.1 on a port the kernel picks,
 * listening with `backlog` when backlog > 0; its address (the port) in *sin. -1 on any
 * failure (the socket closed). */
static inline int loopback_socket(int type, int backlog, struct sockaddr_in* sin) {
  int fd = socket(AF_INET, type, 0);
  if (fd < 0) return -1;
  memset(sin, 0, sizeof *sin);
  sin->sin_family = AF_INET;
  sin->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof *sin;
  if (bind(fd, (struct sockaddr*)sin, sizeof *sin) != 0 ||
      (backlog > 0 && listen(fd, backlog) != 0) ||
      getsockname(fd, (struct sockaddr*)sin, &len) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

#endif
