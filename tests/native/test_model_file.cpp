// Model files (bit-exact round trip; every way a file can be wrong gives its own message) and the
// CSV reader (headers, quotes, blank lines, CRLF; missing values, words, ragged rows), and the
// serving commands of the CLI end to end (seed 002: save, load with the scaler, score).
#include "engine/data/csv.h"
#include "engine/io/model_file.h"
#include "engine/train/session.h"
#include "engine/data/open_session.h"
#include "test_util.h"

#include <cstring>

using namespace ae;

namespace {
std::unique_ptr<Session> trained_seed001(Scaling scaling) {
    Config c = load_example("examples/seed001_linear.json");
    c.data.scaling = scaling;
    c.train.epochs = 50;
    c.train.optimizer.learning_rate = 0.01;
    std::unique_ptr<Session> s;
    EXPECT_TRUE(open_session(c, &s).ok());
    while (!s->done())
        s->train_epoch();
    return s;
}
} // namespace

TEST(ModelFile, RoundTripIsBitExactWithTheScaler) {
    for (Scaling sc : {Scaling::none, Scaling::minmax, Scaling::standard}) {
        auto s = trained_seed001(sc);
        const std::string bytes = save_model(*s);
        TrainedModel m;
        const Status st = load_model(bytes, "m.aemodel", &m);
        ASSERT_TRUE(st.ok()) << st.error;
        ASSERT_EQ(m.model.params.size(), s->model().params.size());
        EXPECT_EQ(
            std::memcmp(m.model.params.data(), s->model().params.data(), 4 * m.model.params.size()),
            0);
        EXPECT_EQ(m.scaler.kind, sc);
        EXPECT_EQ(m.scaler.offset, s->scaler().offset);
        EXPECT_EQ(m.scaler.scale, s->scaler().scale);
        EXPECT_EQ(m.history.loss, s->history().loss);
        EXPECT_EQ(config_to_json(m.config), config_to_json(s->config()));
        EXPECT_GT(m.train_error_mean, 0.0);
        // Same outputs, bit for bit: reconstruct the training data in original units.
        Dataset d;
        ASSERT_TRUE(make_dataset(s->config().data, s->config().seed, &d).ok());
        MatrixRM xr;
        ASSERT_TRUE(serve_reconstruct(m, d.x, &xr).ok());
        MatrixRM scaled = d.x;
        s->scaler().transform(scaled);
        std::vector<float> ref(scaled.size());
        s->model().reconstruct(scaled.data(), int(scaled.rows()), ref.data());
        s->scaler().inverse_transform(ref.data(), scaled.rows());
        EXPECT_EQ(std::memcmp(xr.data(), ref.data(), 4 * ref.size()), 0);
        // Saving the loaded model's session again gives the same bytes.
        EXPECT_EQ(save_model(*s), bytes);
    }
}

TEST(ModelFile, EveryKindOfBadFileIsNamed) {
    auto s = trained_seed001(Scaling::minmax);
    const std::string good = save_model(*s);
    struct Case {
        const char* what;
        std::string bytes;
        const char* message;
    };
    std::string newer = good, flipped = good, zero = good, badjson = good;
    newer[8] = 2;
    flipped[good.size() / 2] ^= 0x40;
    zero[8] = 0;
    badjson[16] = '!';
    // Re-seal with a valid checksum (FNV-1a 64, written here from its definition): the checks
    // behind the checksum see the damage.
    auto seal = [](std::string b) {
        uint64_t h = 1469598103934665603ull;
        for (size_t i = 0; i + 8 < b.size(); ++i)
            h = (h ^ uint8_t(b[i])) * 1099511628211ull;
        for (int i = 0; i < 8; ++i)
            b[b.size() - 8 + i] = char((h >> (8 * i)) & 0xFF);
        return b;
    };
    badjson = seal(badjson);
    const std::string body = good.substr(0, good.size() - 8), end = good.substr(good.size() - 8);
    std::string corrupt_header = good;
    corrupt_header[16] = '!'; // not re-sealed: a corrupted file
    const std::vector<Case> cases = {
        {"empty", "", "m.aemodel: too short to be an aeplay model file (0 bytes)"},
        {"wrong magic", std::string("PK\x03\x04 a zip file, not a model"),
         "m.aemodel: not an aeplay model file (it does not start with AEPLAYMD)"},
        {"newer version", newer,
         "m.aemodel: model format version 2 is newer than this aeplay reads (1); update aeplay"},
        {"version 0", zero, "m.aemodel: model format version 0 is not valid"},
        {"truncated header", good.substr(0, 40), "m.aemodel: truncated: the header says"},
        {"truncated weights", good.substr(0, good.size() - 30),
         "m.aemodel: checksum mismatch: the file is corrupted"},
        {"truncated weights, re-sealed", seal(body.substr(0, body.size() - 28) + end),
         "m.aemodel: truncated: expected"},
        {"trailing bytes", good + "xyz", "m.aemodel: checksum mismatch: the file is corrupted"},
        {"trailing bytes, re-sealed", seal(body + "xyz" + end),
         "m.aemodel: 3 unexpected bytes after the end of the model"},
        {"flipped bit", flipped, "m.aemodel: checksum mismatch: the file is corrupted"},
        {"header not JSON", badjson, "m.aemodel: the header is not valid aeplay model JSON"},
        {"corrupted header", corrupt_header, "m.aemodel: checksum mismatch: the file is corrupted"},
    };
    for (const Case& c : cases) {
        TrainedModel m;
        m.train_error_mean = 123.0; // untouched on error
        const Status st = load_model(c.bytes, "m.aemodel", &m);
        EXPECT_FALSE(st.ok()) << c.what;
        EXPECT_NE(st.error.find(c.message), std::string::npos) << c.what << "\n  got: " << st.error;
        EXPECT_EQ(m.train_error_mean, 123.0) << c.what;
    }
}

// The checksum is verified before the header is parsed: one flipped byte in any part after the
// 16-byte prefix gives "checksum mismatch", even where the damage would parse (a digit of the
// config's units, of a loss in the history) or would break the config instead.
TEST(ModelFile, AFlippedByteInAnyPartIsAChecksumMismatch) {
    auto s = trained_seed001(Scaling::minmax);
    const std::string good = save_model(*s);
    const size_t header_len = uint8_t(good[12]) | size_t(uint8_t(good[13])) << 8 |
                              size_t(uint8_t(good[14])) << 16 | size_t(uint8_t(good[15])) << 24;
    const std::string header = good.substr(16, header_len);
    const size_t d = s->scaler().offset.size(); // features: offsets then scales, f32 each
    ASSERT_GT(d, 0u);
    auto in_header = [&](const std::string& key) { // the first digit after key, in the file
        const size_t at = header.find(key);
        EXPECT_NE(at, std::string::npos) << key;
        return 16 + header.find_first_of("0123456789", at);
    };
    const struct {
        const char* part;
        size_t at;
    } parts[] = {
        {"header (params count)", in_header("\"params\":")},
        {"config (a layer's units)", in_header("\"units\":")},
        {"history (a loss)", in_header("\"loss\":")},
        {"weights", 16 + header_len + 4 * size_t(s->model().num_params()) / 2},
        {"scaler", good.size() - 8 - 8 * d + 1},
    };
    for (const auto& p : parts) {
        std::string bad = good;
        bad[p.at] ^= 0x01; // a digit stays a digit: '2' <-> '3'
        TrainedModel m;
        m.train_error_mean = 123.0;
        const Status st = load_model(bad, "m.aemodel", &m);
        EXPECT_EQ(st.error, "m.aemodel: checksum mismatch: the file is corrupted") << p.part;
        EXPECT_EQ(m.train_error_mean, 123.0) << p.part;
    }
}

TEST(Csv, HeadersQuotesBlankLinesAndCrlf) {
    CsvTable t;
    ASSERT_TRUE(parse_csv("\xEF\xBB\xBF"
                          "a,\"b, quoted\",c\r\n1,2,3\r\n\r\n\"4\",5.5,-6e-1\r\n",
                          "x.csv", &t)
                    .ok());
    EXPECT_EQ(t.header, (std::vector<std::string>{"a", "b, quoted", "c"}));
    ASSERT_EQ(t.values.rows(), 2);
    ASSERT_EQ(t.values.cols(), 3);
    EXPECT_FLOAT_EQ(t.values(1, 0), 4.0f);
    EXPECT_FLOAT_EQ(t.values(1, 2), -0.6f);
    ASSERT_TRUE(parse_csv("1,2\n3,4", "y.csv", &t).ok()); // no header, no final newline
    EXPECT_TRUE(t.header.empty());
    EXPECT_EQ(t.values.rows(), 2);
    // Round trip through to_csv keeps every float exactly.
    MatrixRM x(1, 3);
    x << 0.1f, 1e-30f, 3.4e38f;
    ASSERT_TRUE(parse_csv(to_csv(x.data(), 1, 3), "z.csv", &t).ok());
    EXPECT_TRUE(t.values == x);
}

TEST(Csv, BadFilesNameTheLineAndColumn) {
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"", "d.csv: no rows of numbers"},
        {"a,b\n", "d.csv: no rows of numbers after the header"},
        {"1,2\n3,,5\n", "d.csv: line 2: 3 columns, but the rows above have 2"},
        {"1,2,3\n4,,6\n", "d.csv: line 2, column 2: missing value; expected a number"},
        {"x,y\n1,2\n3,abc\n", "d.csv: line 3, column 2: \"abc\" is not a number"},
        {"1,2\n3,nan\n", "d.csv: line 2, column 2: nan is not a finite 32-bit number"},
        {"1,2\n3,1e39\n", "d.csv: line 2, column 2: 1e39 is not a finite 32-bit number"},
        {"1,\"2\n", "d.csv: line 1: a quote is not closed"},
        {"a,b\n1,2,3\n", "d.csv: line 2: 3 columns, but the header has 2"},
        {std::string("1,2\n\0\n", 6), "d.csv: contains NUL bytes"},
    };
    for (const auto& [text, message] : cases) {
        CsvTable t;
        t.header = {"kept"};
        const Status st = parse_csv(text, "d.csv", &t);
        EXPECT_FALSE(st.ok()) << text;
        EXPECT_NE(st.error.find(message), std::string::npos) << "got: " << st.error;
        EXPECT_EQ(t.header, std::vector<std::string>{"kept"});
    }
}

TEST(Serving, EncodeDecodeScoreInOriginalUnits) {
    auto s = trained_seed001(Scaling::standard);
    TrainedModel m;
    ASSERT_TRUE(load_model(save_model(*s), "m", &m).ok());
    m.model.reserve(64);
    Dataset d;
    ASSERT_TRUE(make_dataset(s->config().data, s->config().seed, &d).ok());
    MatrixRM z, back, xr;
    ASSERT_TRUE(serve_encode(m, d.x, &z).ok());
    EXPECT_EQ(z.cols(), 2);
    ASSERT_TRUE(serve_decode(m, z, &back).ok());
    ASSERT_TRUE(serve_reconstruct(m, d.x, &xr).ok());
    EXPECT_TRUE(back.isApprox(xr, 1e-6f)); // decode(encode(x)) = reconstruct(x)
    // A row far off the data's line scores far above the training threshold.
    MatrixRM odd(2, 5);
    odd << 50, 50, 50, 50, 50, 10, 1000, 10, 1000, 10;
    std::vector<double> scores;
    ASSERT_TRUE(serve_score(m, odd, &scores).ok());
    const double threshold = m.train_error_mean + 3 * m.train_error_std;
    EXPECT_LT(scores[0], threshold);
    EXPECT_GT(scores[1], 100 * threshold);
    const Status bad = serve_score(m, MatrixRM::Zero(1, 4), &scores);
    EXPECT_NE(bad.error.find("score: the input has 4 columns; the model takes 5 (the input size)"),
              std::string::npos)
        << bad.error;
}
