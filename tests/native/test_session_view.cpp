// Session views (Session::make_view, save_state / load_state), what the page's UI thread draws from while the
// worker trains: a view shares the data (no copy), has its own model buffers (evaluating it
// while the trainer trains on another thread touches nothing of the trainer's), and after a sync
// it holds the trainer's weights, history and progress and evaluates to the same numbers.
#include "engine/train/session.h"
#include "engine/data/open_session.h"
#include "test_util.h"

#include <atomic>
#include <cmath>
#include <mutex>
#include <thread>

using namespace ae;

static void sync(const Session& trainer, Session* view) {
    Session::TrainingState t;
    trainer.save_state(&t);
    view->load_state(t);
}

TEST(SessionView, SharesTheDataAndSyncsTheTrainersState) {
    Config c = load_example("examples/seed000_denoising.json"); // noise: the noisy copies too
    c.data.samples = 600;
    c.train.epochs = 3;
    std::unique_ptr<Session> trainer;
    ASSERT_TRUE(open_session(c, &trainer).ok());
    std::unique_ptr<Session> view = trainer->make_view();
    EXPECT_EQ(view->x_train().data(), trainer->x_train().data()) << "shared, not copied";
    EXPECT_EQ(view->x_val_input().data(), trainer->x_val_input().data());
    EXPECT_NE(view->model().params.data(), trainer->model().params.data());

    trainer->train_batches(11); // past the first epoch's end (8 batches)
    EXPECT_NE(view->model().params, trainer->model().params) << "the view waits for a sync";
    EXPECT_TRUE(view->history().loss.empty());
    sync(*trainer, view.get());
    EXPECT_EQ(view->model().params, trainer->model().params);
    EXPECT_EQ(view->history().loss, trainer->history().loss);
    EXPECT_EQ(view->progress().samples_seen, trainer->progress().samples_seen);
    EXPECT_EQ(view->progress().batch, 3);
    EXPECT_EQ(view->evaluate_loss(view->x_val_input(), view->x_val()),
              trainer->evaluate_loss(trainer->x_val_input(), trainer->x_val()));

    trainer->set_learning_rate(0.01);
    trainer->set_epochs(5);
    sync(*trainer, view.get());
    EXPECT_EQ(view->config().train.optimizer.learning_rate, 0.01);
    EXPECT_EQ(view->progress().epochs, 5);
}

// The page's threads: the worker trains and saves its state after every batch; the UI thread
// loads the latest into its view and evaluates it meanwhile. Between two loads the view's
// numbers do not move, whatever the trainer does (ASan and UBSan run this too), and the last load
// gives the trainer's own numbers.
TEST(SessionView, FollowsATrainerOnAnotherThread) {
    Config c = load_example("examples/seed000_dense.json");
    c.data.samples = 800;
    c.train.epochs = 4;
    std::unique_ptr<Session> trainer;
    ASSERT_TRUE(open_session(c, &trainer).ok());
    std::unique_ptr<Session> view = trainer->make_view();
    std::mutex mu;
    Session::TrainingState staged;
    bool fresh = false;
    std::atomic<bool> finished{false};
    std::thread worker([&] {
        while (!trainer->done()) {
            trainer->train_batches(1);
            const std::lock_guard<std::mutex> lk(mu);
            trainer->save_state(&staged);
            fresh = true;
        }
        finished = true;
    });
    int loads = 0;
    for (bool last = false; !last;) {
        last = finished;
        {
            const std::lock_guard<std::mutex> lk(mu);
            if (fresh) view->load_state(staged), fresh = false, ++loads;
        }
        const double a = view->evaluate_loss(view->x_val());
        EXPECT_EQ(view->evaluate_loss(view->x_val()), a);
        EXPECT_TRUE(std::isfinite(a));
    }
    worker.join();
    EXPECT_GT(loads, 0);
    EXPECT_EQ(view->history().loss, trainer->history().loss);
    EXPECT_EQ(view->model().params, trainer->model().params);
    EXPECT_EQ(view->evaluate_loss(view->x_val()), trainer->evaluate_loss(trainer->x_val()));
}
