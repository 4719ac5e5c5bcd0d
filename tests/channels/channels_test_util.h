// Helpers shared by the channels area's tests.
#ifndef BANTER_TESTS_CHANNELS_CHANNELS_TEST_UTIL_H_
#define BANTER_TESTS_CHANNELS_CHANNELS_TEST_UTIL_H_

#include <string>
#include <vector>

#include "banter/engine.h"
#include "tests/testing/engine_fixture.h"

namespace banter::testing {

inline CreateChannelRequest Req(const std::string& id, ChannelType type,
                                UserId owner = {},
                                std::vector<UserId> members = {}) {
  CreateChannelRequest r;
  r.channel_id = id;
  r.type = type;
  r.owner = owner;
  r.members = std::move(members);
  if (type == ChannelType::kInvitationOnly) r.invitation_code = "code";
  return r;
}

inline CreateChannelRequest GitpleReq(const std::string& id,
                                      std::vector<UserId> members) {
  CreateChannelRequest r;
  r.channel_id = id;
  r.type = ChannelType::kPublic;
  r.name = "group";
  r.members = std::move(members);
  r.dialect = Dialect::kGitpleLive;
  return r;
}

inline std::vector<std::string> Ids(const Page<ChannelView>& page) {
  std::vector<std::string> out;
  for (const auto& c : page.items) out.push_back(c.id);
  return out;
}

inline std::vector<std::string> Ids(const std::vector<MemberView>& members) {
  std::vector<std::string> out;
  for (const auto& m : members) out.push_back(m.user.id);
  return out;
}

inline std::vector<std::string> Names(const std::vector<RecordedEvent>& es) {
  std::vector<std::string> out;
  for (const auto& e : es) out.push_back(e.name);
  return out;
}

// A recorded channel event (no message, push, bot or reaction).
inline RecordedEvent Ev(std::string name, Millis at, std::string channel,
                        std::vector<std::string> users,
                        std::vector<std::string> recipients) {
  RecordedEvent e;
  e.name = std::move(name);
  e.at = at;
  e.channel = std::move(channel);
  e.users = std::move(users);
  e.recipients = std::move(recipients);
  return e;
}

inline constexpr ChannelType kAllTypes[] = {
    ChannelType::kPrivate,     ChannelType::kPublic,
    ChannelType::kInvitationOnly, ChannelType::kBroadcast,
    ChannelType::kSuperPublic, ChannelType::kSuperPrivate,
    ChannelType::kSuperBroadcast,
};

}  // namespace banter::testing

#endif  // BANTER_TESTS_CHANNELS_CHANNELS_TEST_UTIL_H_
