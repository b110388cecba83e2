// A program that only links the shared layer with a backend (tests/cmake/contract.cmake).
int main() { return 0; }
