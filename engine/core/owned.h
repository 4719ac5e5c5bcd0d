// Owned<T, Key>: a piece of state that one area owns. Any area reads it
// (`->`, get()); only code holding the owner's key writes it (Mutable). The
// key types live in each area's private `<area>_key.h`, which no other area
// may include (EngineAreaIncludeGraph), so a write from another area does
// not compile. The snapshot loader restores the value through
// SnapshotAccess; tests that corrupt state on purpose use TestAccess.
//
// For the small state an area keeps beside its tables (the word filter, the
// flood windows, the open reports, an id stream); the big tables
// (UserTable, ChannelTable, BotTable, UserChannels) gate their mutators the
// same way.
#ifndef BANTER_ENGINE_CORE_OWNED_H_
#define BANTER_ENGINE_CORE_OWNED_H_

#include <utility>

namespace banter::internal {

struct SnapshotAccess;
struct TestAccess;

template <typename T, typename Key>
class Owned {
 public:
  Owned() = default;
  template <typename... Args>
  explicit Owned(std::in_place_t, Args&&... args)
      : value_(std::forward<Args>(args)...) {}

  const T& get() const { return value_; }
  const T* operator->() const { return &value_; }

  T& Mutable(const Key&) { return value_; }

 private:
  friend struct SnapshotAccess;
  friend struct TestAccess;

  T value_;
};

}  // namespace banter::internal

#endif  // BANTER_ENGINE_CORE_OWNED_H_
