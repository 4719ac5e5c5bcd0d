// The bot registry's record.
#ifndef BANTER_ENGINE_BOTS_BOT_RECORD_H_
#define BANTER_ENGINE_BOTS_BOT_RECORD_H_

#include <string>

#include "banter/ids.h"
#include "banter/types.h"
#include "boost/container/flat_set.hpp"

namespace banter::internal {

struct BotRecord {
  std::string name;
  std::string profile_image_url;
  std::string type;
  std::string callback_url;
  Millis created_at = 0;
  bool live = true;
  // Channels the bot joined, ordered by handle (bot channel list cursor).
  boost::container::flat_set<ChannelId> channels;
};

}  // namespace banter::internal

#endif  // BANTER_ENGINE_BOTS_BOT_RECORD_H_
