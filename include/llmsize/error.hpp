// The one exception type the core library throws. Its message is a complete, user-facing
// sentence fragment ("reading 'config.json': 'num_key_value_heads' must be ..."); the CLI prints
// it after "llmsize: error: ".
#pragma once

#include <stdexcept>
#include <string>

namespace llmsize {

class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

}  // namespace llmsize
