// Reports (banter/moderation.h, docs/moderation.md, "Reports"): filing,
// every refusal and its code, the per-reporter cap, the admin's list and
// resolution, and the evidence a report keeps.
#include <string>
#include <vector>

#include "banter/moderation.h"
#include "tests/messages/messages_fixture.h"

namespace banter::testing {
namespace {

class ReportsTest : public MessagesTest {
 protected:
  void SetUp() override {
    o_ = User("o");
    a_ = User("a");
    b_ = User("b");
    c_ = MakeChannel("c", ChannelType::kPublic, o_, {a_, b_});
    auto m = SendAs(b_, c_, "buy gold at example.com");
    ASSERT_THAT(m, IsOk());
    spam_ = *m;
  }
  static ReportRequest OfUser(UserId reporter, UserId user) {
    ReportRequest r;
    r.reporter = reporter;
    r.kind = ReportKind::kUser;
    r.user = user;
    return r;
  }
  static ReportRequest OfMessage(UserId reporter, MessageId m) {
    ReportRequest r;
    r.reporter = reporter;
    r.kind = ReportKind::kMessage;
    r.message = m;
    r.category = ReportCategory::kSpam;
    return r;
  }
  absl::StatusOr<ReportId> File(const Actor& actor, const ReportRequest& r) {
    auto result = engine().Execute(actor, cmd::FileReport{r}, Now());
    if (!result.ok()) return result.status();
    return result->report;
  }
  absl::StatusOr<ReportId> FileAs(UserId u, const ReportRequest& r) {
    return File(Actor::User(u), r);
  }
  absl::Status Resolve(const Actor& actor, ReportId id,
                       ReportResolution how = ReportResolution::kActioned) {
    return engine().Execute(actor, cmd::ResolveReport{id, how}, Now())
        .status();
  }
  std::vector<std::string> OpenIds(ReportId after = {}, int limit = 100) {
    auto page = engine().ListReports(Actor::Admin(), after, limit);
    EXPECT_THAT(page, IsOk());
    std::vector<std::string> out;
    if (page.ok()) {
      for (const ReportView& v : page->items) out.push_back(v.id);
    }
    return out;
  }
  UserId o_, a_, b_;
  ChannelId c_;
  MessageId spam_;  // b's message
};

TEST_F(ReportsTest, MemberReportsAMessage) {
  Advance(3);
  ReportRequest r = OfMessage(a_, spam_);
  r.reason = "links to a scam";
  auto id = FileAs(a_, r);
  ASSERT_THAT(id, IsOk());
  EXPECT_EQ(*id, ReportId(1));
  auto v = engine().GetReport(Actor::Admin(), *id);
  ASSERT_THAT(v, IsOk());
  EXPECT_EQ(v->id, "1");
  EXPECT_EQ(v->kind, ReportKind::kMessage);
  EXPECT_EQ(v->category, ReportCategory::kSpam);
  EXPECT_EQ(v->reporter_id, "a");
  EXPECT_EQ(v->user_id, "b");
  EXPECT_EQ(v->channel_id, "c");
  EXPECT_EQ(v->message, spam_);
  EXPECT_EQ(v->message_id, engine().MessageIdString(spam_));
  EXPECT_EQ(v->message_text, "buy gold at example.com");
  EXPECT_EQ(v->reason, "links to a scam");
  EXPECT_EQ(v->created_at, Now());
}

TEST_F(ReportsTest, UserReportsAnotherUser) {
  auto id = FileAs(a_, OfUser(a_, b_));
  ASSERT_THAT(id, IsOk());
  auto v = engine().GetReport(Actor::Admin(), *id);
  ASSERT_THAT(v, IsOk());
  EXPECT_EQ(v->kind, ReportKind::kUser);
  EXPECT_EQ(v->category, ReportCategory::kGeneral);
  EXPECT_EQ(v->user_id, "b");
  EXPECT_EQ(v->channel_id, "");
  EXPECT_EQ(v->message_id, "");
  // Reporting a user needs no shared channel.
  const UserId stranger = User("stranger");
  EXPECT_THAT(FileAs(stranger, OfUser(stranger, b_)), IsOk());
}

TEST_F(ReportsTest, NobodyReportsThemselves) {
  EXPECT_THAT(FileAs(a_, OfUser(a_, a_)),
              StatusIs(ErrorCode::kCannotReportSelf));
  EXPECT_THAT(FileAs(b_, OfMessage(b_, spam_)),
              StatusIs(ErrorCode::kCannotReportSelf));
}

TEST_F(ReportsTest, UnknownTargetsAreRefusedWithTheirCodes) {
  EXPECT_THAT(FileAs(a_, OfUser(a_, UserId(999))),
              StatusIs(ErrorCode::kUserNotFound));
  EXPECT_THAT(FileAs(a_, OfMessage(a_, MessageId(c_, 99))),
              StatusIs(ErrorCode::kMessageNotFound));
  BANTER_ASSERT_OK(engine().DeleteUser(Actor::Admin(), o_, Now()));
  EXPECT_THAT(FileAs(a_, OfUser(a_, o_)), StatusIs(ErrorCode::kUserNotFound));
  // A message of a channel the reporter is not in.
  const UserId outsider = User("x");
  EXPECT_THAT(FileAs(outsider, OfMessage(outsider, spam_)),
              StatusIs(ErrorCode::kUserNotChannelMember));
  // A message the reporter may not see: it joined after it, in a channel
  // that hides older history.
  const ChannelId h = MakeChannel("h", ChannelType::kPublic, a_, {b_}, true);
  auto old = SendAs(b_, h, "old");
  ASSERT_THAT(old, IsOk());
  Add(h, outsider);
  EXPECT_THAT(FileAs(outsider, OfMessage(outsider, *old)),
              StatusIs(ErrorCode::kMessageNotFound));
  // A deleted message.
  BANTER_ASSERT_OK(engine().DeleteMessage(Actor::Admin(), spam_, Now()));
  EXPECT_THAT(FileAs(a_, OfMessage(a_, spam_)),
              StatusIs(ErrorCode::kMessageNotFound));
  EXPECT_TRUE(OpenIds().empty());
}

TEST_F(ReportsTest, MalformedRequestsAreRefused) {
  ReportRequest both = OfUser(a_, b_);
  both.message = spam_;
  EXPECT_THAT(FileAs(a_, both), StatusIs(ErrorCode::kParamsBindingError));
  ReportRequest no_user = OfUser(a_, UserId());
  EXPECT_THAT(FileAs(a_, no_user), StatusIs(ErrorCode::kInvalidParams));
  ReportRequest no_message = OfMessage(a_, MessageId());
  EXPECT_THAT(FileAs(a_, no_message), StatusIs(ErrorCode::kInvalidParams));
  ReportRequest long_reason = OfUser(a_, b_);
  long_reason.reason = std::string(kMaxReportReasonChars + 1, 'x');
  EXPECT_THAT(FileAs(a_, long_reason),
              StatusIs(ErrorCode::kParamsBindingError));
  long_reason.reason = std::string(kMaxReportReasonChars, 'x');
  EXPECT_THAT(FileAs(a_, long_reason), IsOk());
  ReportRequest bad_category = OfUser(a_, o_);
  bad_category.category = static_cast<ReportCategory>(9);
  EXPECT_THAT(FileAs(a_, bad_category),
              StatusIs(ErrorCode::kParamsBindingError));
  ReportRequest bad_kind = OfUser(a_, o_);
  bad_kind.kind = static_cast<ReportKind>(7);
  EXPECT_THAT(FileAs(a_, bad_kind), StatusIs(ErrorCode::kParamsBindingError));
  ReportRequest nul = OfUser(a_, o_);
  nul.reason = std::string("a\0b", 3);
  EXPECT_THAT(FileAs(a_, nul), StatusIs(ErrorCode::kParamsBindingError));
}

TEST_F(ReportsTest, UsersReportAsThemselvesTheAdminForAnyone) {
  EXPECT_THAT(FileAs(a_, OfUser(b_, o_)), StatusIs(ErrorCode::kUnauthorized));
  const BotId bot = Bot("helper");
  EXPECT_THAT(File(Actor::Bot(bot), OfUser(a_, b_)),
              StatusIs(ErrorCode::kUnauthorized));
  EXPECT_THAT(File(Actor::Admin(), OfUser(UserId(), b_)),
              StatusIs(ErrorCode::kInvalidParams));
  EXPECT_THAT(File(Actor::Admin(), OfUser(UserId(999), b_)),
              StatusIs(ErrorCode::kUserNotFound));
  // The admin files for a reporter (the GitpleLive Platform API does).
  auto id = File(Actor::Admin(), OfMessage(a_, spam_));
  ASSERT_THAT(id, IsOk());
  EXPECT_EQ(engine().GetReport(Actor::Admin(), *id)->reporter_id, "a");
}

TEST_F(ReportsTest, OneOpenReportPerTarget) {
  auto first = FileAs(a_, OfMessage(a_, spam_));
  ASSERT_THAT(first, IsOk());
  EXPECT_THAT(FileAs(a_, OfMessage(a_, spam_)),
              StatusIs(ErrorCode::kAlreadyReported));
  // The same target through the other kind, or by someone else, is new.
  EXPECT_THAT(FileAs(a_, OfUser(a_, b_)), IsOk());
  EXPECT_THAT(FileAs(o_, OfMessage(o_, spam_)), IsOk());
  BANTER_ASSERT_OK(Resolve(Actor::Admin(), *first));
  EXPECT_THAT(FileAs(a_, OfMessage(a_, spam_)), IsOk());
}

TEST_F(ReportsTest, ReporterHoldsAtMostTheCap) {
  std::vector<ReportId> ids;
  for (int i = 0; i < kMaxOpenReportsPerReporter; ++i) {
    const UserId u = User("target" + std::to_string(i));
    auto id = FileAs(a_, OfUser(a_, u));
    ASSERT_THAT(id, IsOk());
    ids.push_back(*id);
  }
  EXPECT_THAT(FileAs(a_, OfMessage(a_, spam_)),
              StatusIs(ErrorCode::kReportLimitExceeded));
  // A duplicate is named as such even at the cap.
  EXPECT_THAT(FileAs(a_, OfUser(a_, engine().FindUser("target0"))),
              StatusIs(ErrorCode::kAlreadyReported));
  // Others are not held back by a's cap.
  EXPECT_THAT(FileAs(o_, OfMessage(o_, spam_)), IsOk());
  BANTER_ASSERT_OK(
      Resolve(Actor::Admin(), ids[3], ReportResolution::kDismissed));
  EXPECT_THAT(FileAs(a_, OfMessage(a_, spam_)), IsOk());
}

TEST_F(ReportsTest, AdminListsInFilingOrderAndResolves) {
  for (UserId u : {o_, b_}) ASSERT_THAT(FileAs(a_, OfUser(a_, u)), IsOk());
  ASSERT_THAT(FileAs(o_, OfMessage(o_, spam_)), IsOk());
  EXPECT_EQ(OpenIds(), (std::vector<std::string>{"1", "2", "3"}));
  auto page = engine().ListReports(Actor::Admin(), ReportId(), 2);
  ASSERT_THAT(page, IsOk());
  EXPECT_EQ(page->items.size(), 2u);
  EXPECT_TRUE(page->has_next);
  EXPECT_EQ(OpenIds(ReportId(2)), (std::vector<std::string>{"3"}));
  BANTER_ASSERT_OK(Resolve(Actor::Admin(), ReportId(2)));
  EXPECT_EQ(OpenIds(), (std::vector<std::string>{"1", "3"}));
  // A resolved report's id still works as a cursor.
  EXPECT_EQ(OpenIds(ReportId(2)), (std::vector<std::string>{"3"}));
  EXPECT_THAT(engine().GetReport(Actor::Admin(), ReportId(2)),
              StatusIs(ErrorCode::kReportNotFound));
  EXPECT_THAT(Resolve(Actor::Admin(), ReportId(2)),
              StatusIs(ErrorCode::kReportNotFound));
  EXPECT_THAT(Resolve(Actor::Admin(), ReportId(99)),
              StatusIs(ErrorCode::kReportNotFound));
  // Ids are never reused.
  auto next = FileAs(a_, OfUser(a_, b_));
  ASSERT_THAT(next, IsOk());
  EXPECT_EQ(*next, ReportId(4));
}

TEST_F(ReportsTest, OnlyTheAdminReadsAndResolves) {
  auto id = FileAs(a_, OfUser(a_, b_));
  ASSERT_THAT(id, IsOk());
  EXPECT_THAT(engine().ListReports(Actor::User(o_), ReportId(), 10),
              StatusIs(ErrorCode::kUnauthorized));
  EXPECT_THAT(engine().GetReport(Actor::User(a_), *id),
              StatusIs(ErrorCode::kUnauthorized));
  EXPECT_THAT(Resolve(Actor::User(o_), *id), StatusIs(ErrorCode::kUnauthorized));
  EXPECT_THAT(
      Resolve(Actor::Admin(), *id, static_cast<ReportResolution>(5)),
      StatusIs(ErrorCode::kParamsBindingError));
}

TEST_F(ReportsTest, ReportKeepsItsEvidence) {
  auto id = FileAs(a_, OfMessage(a_, spam_));
  ASSERT_THAT(id, IsOk());
  UpdateMessageRequest edit;
  edit.message = spam_;
  edit.text = "nothing to see here";
  BANTER_ASSERT_OK(engine().UpdateMessage(Actor::User(b_), edit, Now()));
  BANTER_ASSERT_OK(engine().DeleteMessage(Actor::User(b_), spam_, Now()));
  BANTER_ASSERT_OK(engine().DeleteUser(Actor::Admin(), b_, Now()));
  BANTER_ASSERT_OK(engine().DeleteChannel(Actor::Admin(), c_, Now()));
  auto v = engine().GetReport(Actor::Admin(), *id);
  ASSERT_THAT(v, IsOk());
  EXPECT_EQ(v->message_text, "buy gold at example.com");
  EXPECT_EQ(v->user_id, "b");
  EXPECT_EQ(v->channel_id, "c");
}

TEST_F(ReportsTest, ReportsOfAdminMessagesNameNoSender) {
  auto notice = SendAdmin(c_, "maintenance tonight");
  ASSERT_THAT(notice, IsOk());
  auto id = FileAs(a_, OfMessage(a_, *notice));
  ASSERT_THAT(id, IsOk());
  EXPECT_EQ(engine().GetReport(Actor::Admin(), *id)->user_id, "");
}

TEST_F(ReportsTest, FailedFilingChangesNothing) {
  ASSERT_THAT(FileAs(a_, OfUser(a_, b_)), IsOk());
  const std::string before = engine().DebugString();
  EXPECT_THAT(FileAs(a_, OfUser(a_, b_)),
              StatusIs(ErrorCode::kAlreadyReported));
  EXPECT_THAT(FileAs(a_, OfUser(a_, a_)),
              StatusIs(ErrorCode::kCannotReportSelf));
  EXPECT_EQ(engine().DebugString(), before);
  EXPECT_NE(before.find("report 1 user by=a category=general user=b"),
            std::string::npos)
      << before;
}

}  // namespace
}  // namespace banter::testing
