// TEMPORARY scaffolding while the users area is written: every method
// below answers Unimplemented. The area's author deletes this file once the
// real definitions land in engine/users/. Not part of any finished build.
#include "banter/engine.h"
#include "engine/bots/bots_internal.h"
#include "engine/channels/channels_internal.h"
#include "engine/invariants.h"
#include "engine/messages/messages_internal.h"
#include "engine/users/users_internal.h"

// NOLINTBEGIN
#pragma GCC diagnostic ignored "-Wunused-parameter"
namespace banter {

absl::StatusOr<CreatedUser> Engine::CreateUser(const Actor& actor, const CreateUserRequest& request, Millis now) {
  return absl::UnimplementedError("CreateUser");
}

absl::StatusOr<std::string> Engine::IssueLoginToken(const Actor& actor, UserId user, std::string_view password, Millis now) {
  return absl::UnimplementedError("IssueLoginToken");
}

absl::StatusOr<Session> Engine::LoginWithToken(const LoginRequest& request, Millis now) {
  return absl::UnimplementedError("LoginWithToken");
}

absl::StatusOr<Session> Engine::LoginAnonymous(const LoginRequest& request, Millis now) {
  return absl::UnimplementedError("LoginAnonymous");
}

absl::Status Engine::Logout(std::string_view session_token, Millis now) {
  return absl::UnimplementedError("Logout");
}

absl::StatusOr<UserId> Engine::Authenticate(std::string_view session_token) const {
  return absl::UnimplementedError("Authenticate");
}

absl::Status Engine::UpdateUser(const Actor& actor, const UpdateUserRequest& request, Millis now) {
  return absl::UnimplementedError("UpdateUser");
}

absl::Status Engine::ChangePassword(const Actor& actor, UserId user, std::string_view password, Millis now) {
  return absl::UnimplementedError("ChangePassword");
}

absl::Status Engine::SetUserActive(const Actor& actor, UserId user, bool active, Millis now) {
  return absl::UnimplementedError("SetUserActive");
}

absl::Status Engine::DeleteUser(const Actor& actor, UserId user, Millis now) {
  return absl::UnimplementedError("DeleteUser");
}

absl::Status Engine::SetUserPush(const Actor& actor, UserId user, bool enabled, Millis now) {
  return absl::UnimplementedError("SetUserPush");
}

absl::Status Engine::RegisterPushToken(const Actor& actor, UserId user, PushTokenKind kind, std::string_view device_id, std::string_view token, Millis now) {
  return absl::UnimplementedError("RegisterPushToken");
}

absl::Status Engine::Block(const Actor& actor, UserId blocker, UserId target, Millis now) {
  return absl::UnimplementedError("Block");
}

absl::Status Engine::Unblock(const Actor& actor, UserId blocker, UserId target, Millis now) {
  return absl::UnimplementedError("Unblock");
}

UserId Engine::FindUser(std::string_view user_id) const {
  return {};
}

std::string_view Engine::UserName(UserId user) const {
  return {};
}

absl::StatusOr<UserView> Engine::GetUser(const Actor& actor, UserId user) const {
  return absl::UnimplementedError("GetUser");
}

absl::StatusOr<Page<UserView>> Engine::ListUsers(const Actor& actor, UserId after, int limit) const {
  return absl::UnimplementedError("ListUsers");
}

absl::StatusOr<Page<UserView>> Engine::ListBlocked(const Actor& actor, UserId user, UserId after, int limit) const {
  return absl::UnimplementedError("ListBlocked");
}

bool Engine::IsBlocked(UserId blocker, UserId target) const {
  return false;
}

namespace internal {
absl::Status CheckUserInvariants(const State&) { return absl::OkStatus(); }
void DumpUsers(const State&, std::string*) {}
UserView RenderUser(const State&, UserId) { return {}; }
}  // namespace internal

}  // namespace banter
// NOLINTEND
