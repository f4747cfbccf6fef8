#include <iostream>
int main() { std::cout << "opora\n"; return 0; }
