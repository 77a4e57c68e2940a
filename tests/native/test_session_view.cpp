// Session views (Session::make_view / sync_view), what the page's UI thread draws from while the
// worker trains: a view shares the data (no copy), has its own model buffers (evaluating it
// while the trainer trains on another thread touches nothing of the trainer's), and after a sync
// it holds the trainer's weights, history and progress and evaluates to the same numbers.
#include "session.h"
#include "test_util.h"

#include <thread>

using namespace ae;

TEST(SessionView, SharesTheDataAndSyncsTheTrainersState) {
    Config c = load_example("examples/seed000_denoising.json"); // noise: the noisy copies too
    c.data.samples = 600;
    c.train.epochs = 3;
    std::unique_ptr<Session> trainer;
    ASSERT_TRUE(Session::create(c, &trainer).ok());
    std::unique_ptr<Session> view = trainer->make_view();
    EXPECT_EQ(view->x_train().data(), trainer->x_train().data()) << "shared, not copied";
    EXPECT_EQ(view->x_val_input().data(), trainer->x_val_input().data());
    EXPECT_NE(view->model().params.data(), trainer->model().params.data());

    trainer->train_batches(11); // past the first epoch's end (8 batches)
    EXPECT_NE(view->model().params, trainer->model().params) << "the view waits for a sync";
    EXPECT_TRUE(view->history().loss.empty());
    trainer->sync_view(view.get());
    EXPECT_EQ(view->model().params, trainer->model().params);
    EXPECT_EQ(view->history().loss, trainer->history().loss);
    EXPECT_EQ(view->progress().samples_seen, trainer->progress().samples_seen);
    EXPECT_EQ(view->progress().batch, 3);
    EXPECT_EQ(view->evaluate_loss(view->x_val_input(), view->x_val()),
              trainer->evaluate_loss(trainer->x_val_input(), trainer->x_val()));

    trainer->set_learning_rate(0.01);
    trainer->set_epochs(5);
    trainer->sync_view(view.get());
    EXPECT_EQ(view->config().train.optimizer.learning_rate, 0.01);
    EXPECT_EQ(view->progress().epochs, 5);
}

// The page's threads: the worker trains while the UI evaluates its view; the view's numbers are
// those of the weights it was synced to, whatever the trainer does meanwhile (ASan and UBSan
// run this too).
TEST(SessionView, EvaluatesWhileTheTrainerTrainsOnAnotherThread) {
    Config c = load_example("examples/seed000_dense.json");
    c.data.samples = 800;
    c.train.epochs = 4;
    std::unique_ptr<Session> trainer;
    ASSERT_TRUE(Session::create(c, &trainer).ok());
    trainer->train_batches(5);
    std::unique_ptr<Session> view = trainer->make_view();
    trainer->sync_view(view.get());
    const double before = view->evaluate_loss(view->x_val());
    std::thread worker([&] {
        while (!trainer->done())
            trainer->train_batches(1);
    });
    for (int i = 0; i < 20; ++i)
        EXPECT_EQ(view->evaluate_loss(view->x_val()), before);
    worker.join();
    trainer->sync_view(view.get());
    EXPECT_EQ(view->history().loss.size(), 4u);
    EXPECT_LT(view->evaluate_loss(view->x_val()), before) << "trained weights after the sync";
}
