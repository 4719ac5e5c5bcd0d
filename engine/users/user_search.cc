// User search for the admin surface: by id or by name, prefix or exact
// (docs/model.md, "User search").
//
// Two ordered indexes (State::user_id_index, user_name_index) kept by the
// users area on every create, rename and delete. The interner's map from id
// to handle is hashed, so it answers "is this id taken" but not "which ids
// start with this"; a scan of the registry would cost O(users) per call. The
// indexes cost one B-tree entry per user per index (bench/search_bench.cc).
#include <string>
#include <string_view>

#include "banter/engine.h"
#include "engine/access.h"
#include "engine/core/fold.h"
#include "engine/core/status_macros.h"
#include "engine/core/validate.h"
#include "engine/users/users.h"

namespace banter {

absl::StatusOr<Page<UserView>> Engine::SearchUsers(
    const Actor& actor, const UserSearchQuery& q) const {
  using Field = UserSearchQuery::Field;
  using Match = UserSearchQuery::Match;
  const internal::State& s = *s_;
  BANTER_RETURN_IF_ERROR(internal::CheckActor(s, actor));
  BANTER_RETURN_IF_ERROR(internal::CheckAdmin(actor));
  if (q.field != Field::kId && q.field != Field::kName) {
    return MakeError(ErrorCode::kParamsBindingError, "unknown search field");
  }
  if (q.match != Match::kPrefix && q.match != Match::kExact) {
    return MakeError(ErrorCode::kParamsBindingError, "unknown search match");
  }
  if (q.text.empty()) {
    return MakeError(ErrorCode::kInvalidParams, "search text is required");
  }
  if (q.text.size() > kMaxUserSearchTextBytes ||
      !internal::IsValidUtf8(q.text)) {
    return MakeError(ErrorCode::kParamsBindingError,
                     "search text must be 1..128 bytes of UTF-8 without NUL");
  }
  if (q.after.valid() && !s.users.names().Issued(q.after)) {
    return MakeError(ErrorCode::kUserNotFound, "unknown cursor user");
  }

  const bool by_name = q.field == Field::kName;
  const internal::KeyIndex& index =
      by_name ? s.users.name_index() : s.users.id_index();
  const std::string key =
      by_name ? internal::FoldedCopy(q.text) : std::string(q.text);
  // The cursor's position is its key now. A deleted user (no longer
  // indexed) keeps its id and last username, so its position is still where
  // it was; a renamed one moves, which the contract allows.
  std::string after_key;
  if (q.after.valid()) {
    after_key = by_name ? internal::FoldedCopy(s.users.Record(q.after).username)
                        : std::string(s.users.names().Name(q.after));
  }
  const size_t n = static_cast<size_t>(internal::ClampLimit(q.limit, 20, 100));
  Page<UserView> page;
  index.Scan(key, q.match == Match::kExact, after_key, q.after.value(),
             [&](std::string_view, uint32_t handle) {
               if (page.items.size() == n) {
                 page.has_next = true;
                 return false;
               }
               page.items.push_back(internal::RenderUser(s, UserId(handle)));
               return true;
             });
  return page;
}

}  // namespace banter
