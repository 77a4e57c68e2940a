// Checkpoints: stopping anywhere and resuming from the blob gives the very numbers of a run that
// never stopped (history, weights), and a damaged checkpoint is refused with its reason.
#include "engine/train/session.h"
#include "engine/data/open_session.h"
#include "test_util.h"

#include <cstring>

using namespace ae;

TEST(Checkpoint, ResumeAnywhereEqualsAnUninterruptedRun) {
    Config c = load_example("examples/seed000_denoising.json"); // noise, shuffle, validation
    c.data.samples = 700;
    c.train.epochs = 5;
    std::unique_ptr<Session> whole, part, resumed;
    ASSERT_TRUE(open_session(c, &whole).ok());
    while (!whole->done())
        whole->train_epoch();
    for (int stop_after : {1, 9, 17, 26}) { // mid-epoch and at an epoch end (9 batches per epoch)
        ASSERT_TRUE(open_session(c, &part).ok());
        part->train_batches(stop_after);
        const std::string blob = part->checkpoint();
        part.reset(); // the tab closed
        const Status st = resume_session(blob, "autosave", &resumed);
        ASSERT_TRUE(st.ok()) << st.error;
        EXPECT_EQ(resumed->progress().samples_seen > 0, true);
        while (!resumed->done())
            resumed->train_batches(3);
        EXPECT_EQ(resumed->history().loss, whole->history().loss) << "stopped after " << stop_after;
        EXPECT_EQ(resumed->history().val_loss, whole->history().val_loss);
        EXPECT_EQ(resumed->model().params, whole->model().params);
    }
}

TEST(Checkpoint, DamagedCheckpointsAreRefused) {
    Config c = load_example("examples/seed001_linear.json");
    c.train.epochs = 3;
    std::unique_ptr<Session> s, r;
    ASSERT_TRUE(open_session(c, &s).ok());
    s->train_batches(5);
    const std::string good = s->checkpoint();
    std::string flipped = good;
    flipped[good.size() / 2] ^= 1;
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"", "autosave: not an aeplay checkpoint"},
        {"AEPLAYMD0000000000000000000000", "autosave: not an aeplay checkpoint"},
        {good.substr(0, good.size() - 5),
         "autosave: checksum mismatch: the checkpoint is truncated or corrupted"},
        {flipped, "autosave: checksum mismatch"},
    };
    for (const auto& [bytes, message] : cases) {
        const Status st = resume_session(bytes, "autosave", &r);
        EXPECT_FALSE(st.ok());
        EXPECT_NE(st.error.find(message), std::string::npos) << st.error;
        EXPECT_EQ(r, nullptr);
        Config read; // the page reads the config first (to fetch its data): the same checks
        const Status cs = Session::checkpoint_config(bytes, "autosave", &read);
        EXPECT_FALSE(cs.ok());
        EXPECT_NE(cs.error.find(message), std::string::npos) << cs.error;
    }
    Config read;
    ASSERT_TRUE(Session::checkpoint_config(good, "autosave", &read).ok());
    EXPECT_EQ(config_to_json(read), config_to_json(c));
    ASSERT_TRUE(resume_session(good, "autosave", &r).ok());
    EXPECT_EQ(r->progress().batch, 1); // 5 batches of 4 per epoch: epoch 2, batch 1
    EXPECT_EQ(r->progress().epoch, 1);
}

// A finished run (the page autosaves it too) resumes as finished, with its history and weights.
TEST(Checkpoint, AFinishedRunResumes) {
    Config c = load_example("examples/seed001_linear.json");
    c.train.epochs = 2;
    std::unique_ptr<Session> s, r;
    ASSERT_TRUE(open_session(c, &s).ok());
    while (!s->done())
        s->train_epoch();
    const Status st = resume_session(s->checkpoint(), "autosave", &r);
    ASSERT_TRUE(st.ok()) << st.error;
    EXPECT_TRUE(r->done());
    EXPECT_EQ(r->progress().epoch, 2);
    EXPECT_EQ(r->history().loss, s->history().loss);
    EXPECT_EQ(r->model().params, s->model().params);
}
