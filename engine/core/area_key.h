// BANTER_AREA_KEY(Name): defines an area's write key, the class `NameKey`
// and its one value `kNameKey`. Each area defines its key once, in its own
// `engine/<area>/<area>_key.h`; the tables and Owned<T, Key> values the area
// owns take the key in their mutators, and EngineAreaIncludeGraph (rule 4)
// fails if a file outside the area includes that header. So a write to an
// area's data from elsewhere does not compile (docs/design.md, "Who owns
// which data").
#ifndef BANTER_ENGINE_CORE_AREA_KEY_H_
#define BANTER_ENGINE_CORE_AREA_KEY_H_

#define BANTER_AREA_KEY(Name)        \
  class Name##Key {                  \
   public:                           \
    constexpr Name##Key() = default; \
  };                                 \
  inline constexpr Name##Key k##Name##Key

#endif  // BANTER_ENGINE_CORE_AREA_KEY_H_
