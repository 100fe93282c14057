// Sends COUNT UDP datagrams from one unconnected socket to 127.0.0.1:PORT and prints the nanoseconds per send:
// the cost a process pays per send(2) with and without the sensor's send trace attached.
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>

int main(int argc, char **argv) {
    long count = argc > 1 ? atol(argv[1]) : 1000000;
    int port = argc > 2 ? atoi(argv[2]) : 9;
    int s = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in to = {.sin_family = AF_INET, .sin_port = htons(port)};
    inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
    char payload[32] = {0};
    struct timespec start, end;
    clock_gettime(CLOCK_MONOTONIC, &start);
    for (long i = 0; i < count; i++) {
        sendto(s, payload, sizeof payload, 0, (struct sockaddr *)&to, sizeof to);
    }
    clock_gettime(CLOCK_MONOTONIC, &end);
    double ns = (end.tv_sec - start.tv_sec) * 1e9 + (end.tv_nsec - start.tv_nsec);
    printf("%.0f\n", ns / count);
    return 0;
}
