// Journaling wrappers of the users (engine/users) mutating methods: each calls
// its Impl and journals the call on success (engine/durability/journal_hook.h).
// Mechanical; keep the command fields in the method's argument order.
#include <string>
#include <utility>

#include "banter/durability.h"
#include "banter/engine.h"
#include "engine/durability/journal_hook.h"
#include "engine/state.h"

namespace banter {

absl::StatusOr<CreatedUser> Engine::CreateUser(const Actor& actor,
                                               const CreateUserRequest& request,
                                               Millis now) {
  return internal::Journaled(
      *s_, actor, now, [&] { return CreateUserImpl(actor, request, now); },
      [&](const absl::StatusOr<CreatedUser>& created) {
        // The record keeps the stored hash, never the password.
        cmd::CreateUser c{request,
                          s_->users[created->user.value()].password_hash};
        c.request.password.clear();
        return c;
      });
}

absl::StatusOr<std::string> Engine::IssueLoginToken(const Actor& actor,
                                                    UserId user,
                                                    std::string_view password,
                                                    Millis now) {
  return internal::Journaled(
      *s_, actor, now,
      [&] { return IssueLoginTokenImpl(actor, user, password, now); },
      [&](const auto&) { return cmd::IssueLoginToken{user}; });
}

absl::StatusOr<Session> Engine::LoginWithToken(const LoginRequest& request,
                                               Millis now) {
  return internal::Journaled(
      *s_, Actor::Admin(), now,
      [&] { return LoginWithTokenImpl(request, now); },
      [&](const auto&) { return cmd::LoginWithToken{request}; });
}

absl::StatusOr<Session> Engine::LoginAnonymous(const LoginRequest& request,
                                               Millis now) {
  return internal::Journaled(
      *s_, Actor::Admin(), now,
      [&] { return LoginAnonymousImpl(request, now); },
      [&](const auto&) { return cmd::LoginAnonymous{request}; });
}

absl::Status Engine::Logout(std::string_view session_token, Millis now) {
  return internal::Journaled(
      *s_, Actor::Admin(), now, [&] { return LogoutImpl(session_token, now); },
      [&](const auto&) { return cmd::Logout{std::string(session_token)}; });
}

absl::Status Engine::UpdateUser(const Actor& actor,
                                const UpdateUserRequest& request, Millis now) {
  return internal::Journaled(
      *s_, actor, now, [&] { return UpdateUserImpl(actor, request, now); },
      [&](const auto&) { return cmd::UpdateUser{request}; });
}

absl::Status Engine::ChangePassword(const Actor& actor, UserId user,
                                    std::string_view password, Millis now) {
  return internal::Journaled(
      *s_, actor, now,
      [&] { return ChangePasswordImpl(actor, user, password, now); },
      [&](const absl::Status&) {
        return cmd::ChangePassword{user, s_->users[user.value()].password_hash};
      });
}

absl::Status Engine::SetUserActive(const Actor& actor, UserId user, bool active,
                                   Millis now) {
  return internal::Journaled(
      *s_, actor, now,
      [&] { return SetUserActiveImpl(actor, user, active, now); },
      [&](const auto&) {
        return cmd::SetUserActive{user, active};
      });
}

absl::Status Engine::DeleteUser(const Actor& actor, UserId user, Millis now) {
  return internal::Journaled(
      *s_, actor, now, [&] { return DeleteUserImpl(actor, user, now); },
      [&](const auto&) { return cmd::DeleteUser{user}; });
}

absl::Status Engine::SetUserPush(const Actor& actor, UserId user, bool enabled,
                                 Millis now) {
  return internal::Journaled(
      *s_, actor, now,
      [&] { return SetUserPushImpl(actor, user, enabled, now); },
      [&](const auto&) {
        return cmd::SetUserPush{user, enabled};
      });
}

absl::Status Engine::RegisterPushToken(const Actor& actor, UserId user,
                                       PushTokenKind kind,
                                       std::string_view device_id,
                                       std::string_view token, Millis now) {
  return internal::Journaled(
      *s_, actor, now,
      [&] {
        return RegisterPushTokenImpl(actor, user, kind, device_id, token, now);
      },
      [&](const auto&) {
        return cmd::RegisterPushToken{user, kind, std::string(device_id),
                                      std::string(token)};
      });
}

absl::Status Engine::Block(const Actor& actor, UserId blocker, UserId target,
                           Millis now) {
  return internal::Journaled(
      *s_, actor, now, [&] { return BlockImpl(actor, blocker, target, now); },
      [&](const auto&) {
        return cmd::Block{blocker, target};
      });
}

absl::Status Engine::Unblock(const Actor& actor, UserId blocker, UserId target,
                             Millis now) {
  return internal::Journaled(
      *s_, actor, now, [&] { return UnblockImpl(actor, blocker, target, now); },
      [&](const auto&) {
        return cmd::Unblock{blocker, target};
      });
}

}  // namespace banter
