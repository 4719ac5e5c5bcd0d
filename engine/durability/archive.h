// cereal archives for journal records and snapshot payloads.
//
// cereal does the traversal (strings, vectors, optionals, enums, our structs'
// serialize functions); these two archives decide the bytes. Why not cereal's
// PortableBinary archives: they go through iostreams (an allocation and a
// virtual call per value), and on load they trust every length prefix, so a
// damaged length would allocate whatever it claims. Here:
//  - values are fixed-width little-endian on every host;
//  - the output appends to a caller-owned std::string (reused: no allocation
//    per record once warm);
//  - the input reads from a span and refuses any length prefix larger than
//    the bytes left (every element we store takes at least one byte), so no
//    input can make it allocate more than its own size;
//  - every failure throws cereal::Exception, which the callers in
//    engine/durability turn into an absl::Status. Nothing else in the engine
//    sees an exception.
//
// Thread-safety: an archive is used by one thread.
#ifndef BANTER_ENGINE_DURABILITY_ARCHIVE_H_
#define BANTER_ENGINE_DURABILITY_ARCHIVE_H_

#include <bit>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>

#include "cereal/cereal.hpp"

namespace banter::internal {

class BinOut
    : public cereal::OutputArchive<BinOut, cereal::AllowEmptyClassElision> {
 public:
  explicit BinOut(std::string* out)
      : cereal::OutputArchive<BinOut, cereal::AllowEmptyClassElision>(this),
        out_(out) {}

  // Appends `size` bytes of `DataSize`-byte values, little-endian.
  template <size_t DataSize>
  void SaveBinary(const void* data, size_t size) {
    if constexpr (std::endian::native == std::endian::little || DataSize == 1) {
      out_->append(static_cast<const char*>(data), size);
    } else {
      const char* p = static_cast<const char*>(data);
      for (size_t i = 0; i < size; i += DataSize) {
        for (size_t j = DataSize; j-- > 0;) out_->push_back(p[i + j]);
      }
    }
  }

 private:
  std::string* out_;
};

class BinIn
    : public cereal::InputArchive<BinIn, cereal::AllowEmptyClassElision> {
 public:
  explicit BinIn(std::string_view in)
      : cereal::InputArchive<BinIn, cereal::AllowEmptyClassElision>(this),
        in_(in) {}

  template <size_t DataSize>
  void LoadBinary(void* data, size_t size) {
    if (size > remaining()) {
      throw cereal::Exception("unexpected end of data: need " +
                              std::to_string(size) + " bytes, " +
                              std::to_string(remaining()) + " left");
    }
    char* out = static_cast<char*>(data);
    if constexpr (std::endian::native == std::endian::little || DataSize == 1) {
      if (size != 0) std::memcpy(out, in_.data() + pos_, size);
    } else {
      for (size_t i = 0; i < size; i += DataSize) {
        for (size_t j = 0; j < DataSize; ++j) {
          out[i + j] = in_[pos_ + i + DataSize - 1 - j];
        }
      }
    }
    pos_ += size;
  }

  size_t remaining() const { return in_.size() - pos_; }
  size_t position() const { return pos_; }

 private:
  std::string_view in_;
  size_t pos_ = 0;
};

// ---- Primitive hooks cereal dispatches to (found through the archive's
// namespace) ------------------------------------------------------------------

template <class T>
std::enable_if_t<std::is_arithmetic_v<T>> CEREAL_SAVE_FUNCTION_NAME(
    BinOut& ar, const T& t) {
  static_assert(!std::is_floating_point_v<T>, "no floats in banter state");
  ar.template SaveBinary<sizeof(T)>(&t, sizeof t);
}
template <class T>
std::enable_if_t<std::is_arithmetic_v<T>> CEREAL_LOAD_FUNCTION_NAME(BinIn& ar,
                                                                    T& t) {
  static_assert(!std::is_floating_point_v<T>, "no floats in banter state");
  if constexpr (std::is_same_v<T, bool>) {
    // Any byte but 0 or 1 would be a bool with an invalid representation.
    uint8_t byte = 0;
    ar.template LoadBinary<1>(&byte, 1);
    if (byte > 1) throw cereal::Exception("invalid bool byte");
    t = byte == 1;
  } else {
    ar.template LoadBinary<sizeof(T)>(&t, sizeof t);
  }
}

template <class T>
void CEREAL_SAVE_FUNCTION_NAME(BinOut& ar, const cereal::BinaryData<T>& bd) {
  using TT = std::remove_cv_t<std::remove_pointer_t<T>>;
  ar.template SaveBinary<sizeof(TT)>(bd.data, static_cast<size_t>(bd.size));
}
template <class T>
void CEREAL_LOAD_FUNCTION_NAME(BinIn& ar, cereal::BinaryData<T>& bd) {
  using TT = std::remove_cv_t<std::remove_pointer_t<T>>;
  ar.template LoadBinary<sizeof(TT)>(bd.data, static_cast<size_t>(bd.size));
}

// Names are for text archives; here only the value is stored.
template <class Archive, class T>
CEREAL_ARCHIVE_RESTRICT(BinIn, BinOut)
CEREAL_SERIALIZE_FUNCTION_NAME(Archive& ar, cereal::NameValuePair<T>& t) {
  ar(t.value);
}

// Container sizes: 64 bits on the wire; on load, never more elements than
// bytes left.
template <class T>
void CEREAL_SAVE_FUNCTION_NAME(BinOut& ar, const cereal::SizeTag<T>& t) {
  const uint64_t n = static_cast<uint64_t>(t.size);
  ar(n);
}
template <class T>
void CEREAL_LOAD_FUNCTION_NAME(BinIn& ar, cereal::SizeTag<T>& t) {
  uint64_t n = 0;
  ar(n);
  if (n > ar.remaining()) {
    throw cereal::Exception("length " + std::to_string(n) + " exceeds the " +
                            std::to_string(ar.remaining()) + " bytes left");
  }
  t.size = static_cast<std::remove_reference_t<T>>(n);
}

}  // namespace banter::internal

CEREAL_REGISTER_ARCHIVE(banter::internal::BinOut)
CEREAL_REGISTER_ARCHIVE(banter::internal::BinIn)
CEREAL_SETUP_ARCHIVE_TRAITS(banter::internal::BinIn, banter::internal::BinOut)

#endif  // BANTER_ENGINE_DURABILITY_ARCHIVE_H_
