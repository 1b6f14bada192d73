#include "sysopt/Taxonomy.h"
#include "gtest/gtest.h"

using namespace sysopt;

TEST(Taxonomy, TagText) {
  EXPECT_EQ(formatTag({Principle::Reordering, Method::Batching}),
            "[reordering/batching]");
  EXPECT_EQ(formatTag({Principle::Removal, Method::Contextualization}),
            "[removal/contextualization]");
  EXPECT_EQ(withTag("copy is never modified", {Principle::Removal, Method::Layering}),
            "copy is never modified [removal/layering]");
}

TEST(Taxonomy, EveryWordRoundTrips) {
  for (Principle P : AllPrinciples)
    EXPECT_EQ(parsePrinciple(principleName(P)), P);
  for (Method M : AllMethods)
    EXPECT_EQ(parseMethod(methodName(M)), M);
  EXPECT_FALSE(parseMethod("hoisting"));
  EXPECT_FALSE(parsePrinciple(""));
}

TEST(Taxonomy, HandbookTable) {
  EXPECT_TRUE(handbookAllows(Principle::Reordering, Method::Batching));
  EXPECT_TRUE(handbookAllows(Principle::Removal, Method::Caching));
  EXPECT_TRUE(handbookAllows(Principle::Reordering, Method::Precomputation));
  EXPECT_TRUE(handbookAllows(Principle::Reordering, Method::Deferral));
  EXPECT_TRUE(handbookAllows(Principle::Replacement, Method::Relaxation));
  EXPECT_TRUE(handbookAllows(Principle::Removal, Method::Contextualization));
  EXPECT_TRUE(handbookAllows(Principle::Replacement, Method::Specialization));
  EXPECT_TRUE(handbookAllows(Principle::Removal, Method::Layering));
  EXPECT_TRUE(handbookAllows(Principle::Replacement, Method::Layering));
  EXPECT_FALSE(handbookAllows(Principle::Removal, Method::Batching));
  EXPECT_FALSE(handbookAllows(Principle::Reordering, Method::Layering));
  // Exactly nine pairs: one per method, two for layering.
  int Pairs = 0;
  for (Principle P : AllPrinciples)
    for (Method M : AllMethods)
      Pairs += handbookAllows(P, M);
  EXPECT_EQ(Pairs, 9);
}

TEST(Taxonomy, ParseTrailingTag) {
  auto T = parseTrailingTag(
      "'p' is a copy of 'req.prompt' [removal/contextualization] "
      "[sysopt-redundant-copy]");
  ASSERT_TRUE(T);
  EXPECT_EQ(*T, (Tag{Principle::Removal, Method::Contextualization}));
  // clangd drops the check name; the tag is then last.
  T = parseTrailingTag("Launches once per iteration [reordering/batching]");
  ASSERT_TRUE(T);
  EXPECT_EQ(*T, (Tag{Principle::Reordering, Method::Batching}));
  T = parseTrailingTag("x [reordering/batching] [sysopt-a,-warnings-as-errors]");
  ASSERT_TRUE(T);
  EXPECT_FALSE(parseTrailingTag("no tag here [sysopt-redundant-copy]"));
  EXPECT_FALSE(parseTrailingTag("[removal/hoisting] [sysopt-x]"));
  EXPECT_FALSE(parseTrailingTag(""));
}
