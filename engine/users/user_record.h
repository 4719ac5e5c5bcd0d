// The user registry's record.
#ifndef BANTER_ENGINE_USERS_USER_RECORD_H_
#define BANTER_ENGINE_USERS_USER_RECORD_H_

#include <cstdint>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "banter/ids.h"
#include "banter/types.h"
#include "boost/container/flat_map.hpp"
#include "boost/container/small_vector.hpp"

namespace banter::internal {

struct UserRecord {
  // Hot fields first, so that the calls of a busy user touch one cache line
  // of this record: the flags and the block sets every send consults. The
  // user side of membership is not here: the membership area keeps it in
  // its own dense table, State::user_channels (issue #13), so membership
  // lookups never load this record.
  bool live = true;    // false once deleted; the handle is never reused
  bool active = true;  // false while deactivated
  bool push_disabled = false;

  absl::flat_hash_set<UserId> blocked;     // users this user blocked
  absl::flat_hash_set<UserId> blocked_by;  // users who blocked this user

  // Profile. A deleted user keeps its last profile so history can still show
  // who sent its messages (spec §13 #21).
  std::string username;
  std::string profile_image_url;
  Metadata data;
  Millis created_at = 0;
  Millis updated_at = 0;

  std::string password_hash;  // "" = no password login
  // Login tokens currently valid (one when last_login_token_wins).
  boost::container::small_vector<std::string, 1> login_tokens;
  // Session tokens of this user (keys of UserTable::sessions()).
  boost::container::small_vector<std::string, 1> sessions;

  boost::container::flat_map<std::string, std::string> fcm_tokens;  // device
  std::string pushkit_token;
};

}  // namespace banter::internal

#endif  // BANTER_ENGINE_USERS_USER_RECORD_H_
