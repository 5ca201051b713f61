#include "cli/app.hpp"

int main(int argc, char** argv) { return awf::run_cli(argc, argv); }
