// The C++ quick start of docs/embedding.md: a game server's chat in one
// engine. 10,000 players, a 50-member guild, a world channel holding every
// player, messages, a timed mute, unread counts, history, a snapshot, and
// the same engine answering one REST request. Built and run in CI against an
// installed banter (find_package), so it compiles exactly as written.
#include <cstdio>
#include <string>

#include "banter/durability.h"
#include "banter/engine.h"
#include "banter/rest/server.h"
#include "banter/version.h"

using namespace banter;

// Stops the example with the reason when a call fails.
bool Ok(const absl::Status& status, const char* what) {
  if (!status.ok())
    std::fprintf(stderr, "%s: %s\n", what, status.ToString().c_str());
  return status.ok();
}

int main() {
  EngineOptions options;
  options.password_cost = 4;  // bcrypt cost; keep 10+ in production
  Engine chat(options);
  Millis now = 1'700'000'000'000;  // your clock, in ms: the engine has none

  // Players: the admin creates them (your server authenticates players).
  std::vector<UserId> players;
  for (int i = 0; i < 10'000; ++i) {
    auto created = chat.CreateUser(Actor::Admin(),
                                   {.user_id = "p" + std::to_string(i)}, now);
    if (!Ok(created.status(), "CreateUser")) return 1;
    players.push_back(created->user);
  }
  // A guild of 50 and a world channel with everyone (no member cap).
  CreateChannelRequest guild{.channel_id = "guild",
                             .type = ChannelType::kPrivate};
  guild.owner = players[0];
  guild.members.assign(players.begin() + 1, players.begin() + 50);
  ChannelId g = *chat.CreateChannel(Actor::Admin(), guild, now);
  CreateChannelRequest world{.channel_id = "world",
                             .type = ChannelType::kSuperBroadcast};
  world.owner = players[0];
  ChannelId w = *chat.CreateChannel(Actor::Admin(), world, now);
  MembersRequest everyone{w, {players.begin() + 1, players.end()}};
  if (!Ok(chat.AddMembers(Actor::Admin(), everyone, now), "AddMembers"))
    return 1;

  // Chat: a player talks in the guild, the owner announces to the world.
  SendMessageRequest hello{.channel = g, .text = "gg everyone"};
  if (!Ok(chat.SendMessage(Actor::User(players[7]), hello, ++now).status(),
          "Send"))
    return 1;
  SendMessageRequest news{.channel = w, .text = "server restarts at 12:00"};
  if (!Ok(chat.SendMessage(Actor::User(players[0]), news, ++now).status(),
          "Send"))
    return 1;

  // A five-minute mute: refused now, allowed again once it has ended.
  if (!Ok(chat.Mute(Actor::User(players[0]), {g, {players[7]}, 5}, ++now),
          "Mute"))
    return 1;
  bool muted = !chat.SendMessage(Actor::User(players[7]), hello, ++now).ok();
  now += 5 * 60 * 1000;
  chat.AdvanceTime(now);  // emits the unmute event; checks need no call
  bool back = chat.SendMessage(Actor::User(players[7]), hello, ++now).ok();

  // Unread counts and a history page, as player 3 sees them.
  int64_t unread = *chat.TotalUnread(Actor::User(players[3]), players[3]);
  MessageListQuery page{.channel = g, .viewer = players[3], .limit = 20};
  auto history = chat.ListMessages(Actor::User(players[3]), page);

  // A snapshot to restart from (durability.h: journal + Recover for more).
  std::string snapshot = WriteSnapshot(chat);

  // The REST adapter (banter::rest) serves TalkPlus's API over its own app.
  rest::Server server;
  if (!Ok(server.CreateApp("game", "key", {}, 0).status(), "CreateApp"))
    return 1;
  rest::Request get{.method = "GET",
                    .target = "/v1.4/api/users?limit=1",
                    .headers = {{"app-id", "game"}, {"api-key", "key"}},
                    .now = now};
  std::vector<rest::EventLine> events;
  int status = server.Handle(get, &events).status;

  std::printf(
      "banter %s: %llu users, muted=%d back=%d unread=%lld "
      "history=%zu snapshot=%zu bytes rest=%d\n",
      std::string(kBanterVersion).c_str(),
      static_cast<unsigned long long>(chat.Stats().users), muted, back,
      static_cast<long long>(unread), history->items.size(), snapshot.size(),
      status);
  return muted && back && unread == 3 && history->items.size() == 2 &&
                 status == 200
             ? 0
             : 1;
}
