// MessagesTest: the engine fixture plus the request shorthands the messaging
// suites share.
#ifndef BANTER_TESTS_MESSAGES_MESSAGES_FIXTURE_H_
#define BANTER_TESTS_MESSAGES_MESSAGES_FIXTURE_H_

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "banter/engine.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/engine_fixture.h"

namespace banter::testing {

inline constexpr ChannelType kAllChannelTypes[] = {
    ChannelType::kPrivate,        ChannelType::kPublic,
    ChannelType::kInvitationOnly, ChannelType::kBroadcast,
    ChannelType::kSuperPublic,    ChannelType::kSuperPrivate,
    ChannelType::kSuperBroadcast,
};

inline SendMessageRequest Text(ChannelId c, const std::string& text) {
  SendMessageRequest r;
  r.channel = c;
  r.text = text;
  return r;
}

class MessagesTest : public EngineTest {
 protected:
  static constexpr Millis kMinute = 60'000;

  // A channel of `type` created by the admin with `owner` and `members`; for
  // hideMessagesBeforeJoin or a GitpleLive group, set the flags.
  ChannelId MakeChannel(const std::string& id, ChannelType type, UserId owner,
                        std::vector<UserId> members = {},
                        bool hide_before_join = false,
                        Dialect dialect = Dialect::kTalkPlus) {
    CreateChannelRequest r;
    r.channel_id = id;
    r.type = type;
    r.owner = owner;
    r.members = std::move(members);
    r.hide_messages_before_join = hide_before_join;
    r.dialect = dialect;
    if (dialect == Dialect::kGitpleLive) r.name = "group";
    if (type == ChannelType::kInvitationOnly) r.invitation_code = "code";
    auto c = engine().CreateChannel(Actor::Admin(), r, Now());
    if (!c.ok()) {
      ADD_FAILURE() << "CreateChannel(" << id << "): " << c.status();
      return ChannelId();
    }
    return *c;
  }

  absl::StatusOr<MessageId> SendAs(UserId u, ChannelId c,
                                   const std::string& text) {
    return engine().SendMessage(Actor::User(u), Text(c, text), Now());
  }
  absl::StatusOr<MessageId> SendAdmin(ChannelId c, const std::string& text,
                                      MessageType type = MessageType::kAdmin) {
    SendMessageRequest r = Text(c, text);
    r.type = type;
    return engine().SendMessage(Actor::Admin(), r, Now());
  }
  // Adds `u` to `c` as the admin (works for every type).
  void Add(ChannelId c, UserId u) {
    absl::Status st =
        engine().AddMembers(Actor::Admin(), MembersRequest{c, {u}}, Now());
    if (!st.ok()) ADD_FAILURE() << "AddMembers: " << st;
  }
  void Leave(ChannelId c, UserId u) {
    absl::Status st = engine().Leave(Actor::User(u),
                                     LeaveRequest{c, u, false}, Now());
    if (!st.ok()) ADD_FAILURE() << "Leave: " << st;
  }
  absl::Status MarkRead(ChannelId c, UserId u) {
    return engine().MarkRead(Actor::User(u), MemberSettingRequest{c, u},
                             Now());
  }
  int64_t Unread(ChannelId c, UserId u) {
    auto n = engine().UnreadCount(Actor::Admin(), c, u);
    EXPECT_THAT(n, IsOk());
    return n.ok() ? *n : -1;
  }
  int64_t NotReadBy(MessageId m) {
    auto n = engine().NotReadByCount(Actor::Admin(), m);
    EXPECT_THAT(n, IsOk());
    return n.ok() ? *n : -1;
  }
  // Texts of one history page as `viewer` sees it (invalid: admin view).
  std::vector<std::string> Texts(ChannelId c, UserId viewer,
                                 MessageListQuery::Order order =
                                     MessageListQuery::Order::kLatest,
                                 MessageId after = {}, int limit = 50) {
    MessageListQuery q;
    q.channel = c;
    q.viewer = viewer;
    q.order = order;
    q.after = after;
    q.limit = limit;
    auto page = engine().ListMessages(Actor::Admin(), q);
    EXPECT_THAT(page, IsOk());
    std::vector<std::string> out;
    if (page.ok()) {
      for (const auto& m : page->items) out.push_back(m.text);
    }
    return out;
  }
  // Recipients of the last recorded event named `name`.
  std::vector<std::string> LastRecipients(const std::string& name) {
    auto es = sink().Named(name);
    if (es.empty()) {
      ADD_FAILURE() << "no " << name << " event";
      return {};
    }
    return es.back().recipients;
  }
  std::vector<std::string> LastPush(const std::string& name) {
    auto es = sink().Named(name);
    if (es.empty()) {
      ADD_FAILURE() << "no " << name << " event";
      return {};
    }
    return es.back().push;
  }
};

}  // namespace banter::testing

#endif  // BANTER_TESTS_MESSAGES_MESSAGES_FIXTURE_H_
