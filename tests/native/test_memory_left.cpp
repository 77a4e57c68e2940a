// The browser's memory check (engine/config.h check_memory_left): a config fits exactly when its
// estimate, plus the page's view (a second model with its activations), is at most what the heap
// has left; the refusal names the estimate, what is left of the limit and the fields to shrink.
#include "engine/train/config.h"
#include "test_util.h"

using namespace ae;

TEST(MemoryLeft, TheEstimateAndTheViewAgainstWhatIsLeft) {
    const Config c = load_example("examples/seed001_linear.json");
    const MemoryEstimate e = estimate_memory(c);
    ASSERT_GT(e.model, 0);
    ASSERT_GT(e.activations, 0);
    const int64_t max = 2147483648LL, with_view = e.total() + e.model + e.activations;
    EXPECT_TRUE(check_memory_left(c, 0, e.total(), max).ok());
    EXPECT_FALSE(check_memory_left(c, 0, e.total() - 1, max).ok());
    EXPECT_TRUE(check_memory_left(c, 1, with_view, max).ok());
    const Status st = check_memory_left(c, 1, with_view - 1, max);
    ASSERT_FALSE(st.ok());
    EXPECT_NE(st.error.find("this experiment would need about "), std::string::npos) << st.error;
    EXPECT_NE(st.error.find("including the page's view of the model"), std::string::npos);
    EXPECT_NE(st.error.find("of the page's 2.1 GB limit is left; use fewer data.samples, fewer "
                            "units in the layers or a smaller train.batch_size"),
              std::string::npos)
        << st.error;
}

// A big config within the native 1 GB limit, refused once most of the heap is taken.
TEST(MemoryLeft, ABigSessionThatFitsNativelyIsRefusedWhenTheHeapIsFull) {
    Config c;
    ASSERT_TRUE(parse_config(R"({"data": {"name": "uniform", "samples": 200000, "features": 300},
        "model": {"input": 300, "encoder": [{"type": "dense", "units": 64}],
                  "decoder": [{"type": "dense", "units": 300}]}})",
                             &c)
                    .ok());
    const MemoryEstimate e = estimate_memory(c);
    EXPECT_GT(e.total(), 400000000); // 2 x 240 MB of data
    EXPECT_TRUE(check_memory_left(c, 1, 2000000000, 2147483648LL).ok());
    const Status st = check_memory_left(c, 1, 300000000, 2147483648LL);
    EXPECT_NE(st.error.find("but only 300 MB of the page's 2.1 GB limit is left"),
              std::string::npos)
        << st.error;
}
