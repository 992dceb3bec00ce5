// `harbormap-full`: every command (GDAL).  Users run `harbormap`, which execs this for the commands it
// does not run itself (engine/cli/front.hpp).
#include "engine/cli/front.hpp"

int main(int argc, char** argv) { return harbormap::cli::full_main(argc, argv); }
