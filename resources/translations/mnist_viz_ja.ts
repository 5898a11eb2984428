<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja">
<context>
    <name>ArchEditor</name>
    <message>
        <source>Deskew: straighten, size and centre the digit (first layer only)</source>
        <extracomment>What Add offers: (menu text, the layer it inserts).</extracomment>
        <translation>傾き補正: 数字をまっすぐにし、大きさをそろえ、中央に置く（最初の層のみ）</translation>
    </message>
    <message>
        <source>Convolution 5×5, 32 channels</source>
        <translation>畳み込み 5×5、32 チャンネル</translation>
    </message>
    <message>
        <source>Convolution 3×3, 16 channels</source>
        <translation>畳み込み 3×3、16 チャンネル</translation>
    </message>
    <message>
        <source>Max-pool 2×2</source>
        <translation>最大プーリング 2×2</translation>
    </message>
    <message>
        <source>Average-pool 2×2</source>
        <translation>平均プーリング 2×2</translation>
    </message>
    <message>
        <source>ReLU</source>
        <translation>ReLU</translation>
    </message>
    <message>
        <source>Sigmoid</source>
        <translation>シグモイド</translation>
    </message>
    <message>
        <source>Tanh</source>
        <translation>tanh</translation>
    </message>
    <message>
        <source>Leaky ReLU (slope 0.01)</source>
        <translation>Leaky ReLU（傾き 0.01）</translation>
    </message>
    <message>
        <source>GELU</source>
        <translation>GELU</translation>
    </message>
    <message>
        <source>Batch normalisation</source>
        <translation>バッチ正規化</translation>
    </message>
    <message>
        <source>Dropout (drops half)</source>
        <translation>ドロップアウト（半分を落とす）</translation>
    </message>
    <message>
        <source>Fully connected, 128 units</source>
        <translation>全結合、128 ユニット</translation>
    </message>
    <message>
        <source>Layers</source>
        <extracomment>The table grows with its rows up to this many, then scrolls. An error longer than this (a pasted paragraph echoed back) is cut, whole in its tooltip. The user made the architecture a valid one: its canonical text.</extracomment>
        <translation>層</translation>
    </message>
    <message>
        <source>Show or hide the table of layers</source>
        <translation>層の表を表示・非表示</translation>
    </message>
    <message>
        <source>Fill the editor with a known network</source>
        <translation>既知のネットワークをエディタに入れる</translation>
    </message>
    <message>
        <source>your own</source>
        <translation>自作</translation>
    </message>
    <message>
        <source>The whole network as one line, layers separated by commas:
convKxK-C, maxpool-N, avgpool-N, relu, sigmoid, tanh, leakyrelu, gelu, bn, dropout-P, fc-N.
The last layer is fc with one output per class (fc-10).</source>
        <translation>ネットワーク全体を 1 行で、層をカンマで区切って書きます:
convKxK-C, maxpool-N, avgpool-N, relu, sigmoid, tanh, leakyrelu, gelu, bn, dropout-P, fc-N
最後の層はクラスごとに 1 出力の fc です（fc-10）。</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>層</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>出力</translation>
    </message>
    <message>
        <source>Params</source>
        <translation>パラメータ</translation>
    </message>
    <message>
        <source>FLOPs</source>
        <translation>FLOPs</translation>
    </message>
    <message>
        <source>What the layer hands on, for one image: channels × height × width, or units</source>
        <translation>画像 1 枚に対して層が次へ渡すもの: チャンネル数 × 高さ × 幅、またはユニット数</translation>
    </message>
    <message>
        <source>Weights and biases the layer learns</source>
        <translation>層が学習する重みとバイアス</translation>
    </message>
    <message>
        <source>Floating-point operations of the layer&apos;s forward pass, per image</source>
        <translation>画像 1 枚あたりの、層の順伝播の浮動小数点演算数</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>追加</translation>
    </message>
    <message>
        <source>Insert a layer after the selected one</source>
        <translation>選んだ層の後ろに層を挿入</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>削除</translation>
    </message>
    <message>
        <source>Remove the selected layer</source>
        <translation>選んだ層を削除</translation>
    </message>
    <message>
        <source>Move the selected layer up</source>
        <translation>選んだ層を上へ移動</translation>
    </message>
    <message>
        <source>Move the selected layer down</source>
        <translation>選んだ層を下へ移動</translation>
    </message>
    <message>
        <source>{0} parameters</source>
        <translation>パラメータ {0} 個</translation>
    </message>
    <message>
        <source>{0} FLOPs per image</source>
        <translation>画像 1 枚あたり {0} FLOPs</translation>
    </message>
    <message>
        <source>Total: {0} parameters, {1} FLOPs per image</source>
        <translation>合計: パラメータ {0} 個、画像 1 枚あたり {1} FLOPs</translation>
    </message>
    <message>
        <source>{0} parameters, {1} forward FLOPs per image</source>
        <translation>パラメータ {0} 個、画像 1 枚あたり順伝播 {1} FLOPs</translation>
    </message>
    <message>
        <source>Total: unknown until the architecture is valid</source>
        <translation>合計: 構成が正しくなるまで不明</translation>
    </message>
</context>
<context>
    <name>CanvasPanel</name>
    <message>
        <source>Pretrained CNN (shipped)</source>
        <extracomment>(label, source key); the labels are translated where the combo box is filled.</extracomment>
        <translation>学習済み CNN（同梱）</translation>
    </message>
    <message>
        <source>Pretrained softmax (shipped)</source>
        <translation>学習済みソフトマックス回帰（同梱）</translation>
    </message>
    <message>
        <source>Pretrained softmax, plain pixels (shipped)</source>
        <translation>学習済みソフトマックス、補正なしのピクセル（同梱）</translation>
    </message>
    <message>
        <source>Model being trained</source>
        <translation>学習中のモデル</translation>
    </message>
    <message>
        <source>Load checkpoint…</source>
        <translation>チェックポイントを読み込む…</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>元に戻す</translation>
    </message>
    <message>
        <source>Take back the last stroke (Ctrl+Z)</source>
        <translation>最後の一画を取り消す（Ctrl+Z）</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>消去</translation>
    </message>
    <message>
        <source>Start again (Esc)</source>
        <translation>描き直す（Esc）</translation>
    </message>
    <message>
        <source>Load image…</source>
        <translation>画像を読み込む…</translation>
    </message>
    <message>
        <source>Put a PNG or JPEG picture of a digit on the canvas</source>
        <translation>数字の PNG または JPEG 画像をキャンバスに読み込みます</translation>
    </message>
    <message>
        <source>Save…</source>
        <translation>保存…</translation>
    </message>
    <message>
        <source>Save the drawing as a PNG (dark ink on white)</source>
        <translation>描いた数字を PNG で保存します（白地に黒いインク）</translation>
    </message>
    <message>
        <source>Use as probe</source>
        <translation>プローブに使う</translation>
    </message>
    <message>
        <source>Show this digit in the feature-map panel</source>
        <translation>この数字を特徴マップのパネルで表示します</translation>
    </message>
    <message>
        <source>Pen</source>
        <extracomment>The probe as the model sees it, from the newest snapshot that has it: (image, index, label).</extracomment>
        <translation>ペン</translation>
    </message>
    <message>
        <source>Which model answers</source>
        <translation>どのモデルで推論するか</translation>
    </message>
    <message>
        <source>Pen width (in canvas pixels; the canvas is 280 wide)</source>
        <extracomment>Emitted on the GUI thread after a prediction (or an empty canvas) has been shown.</extracomment>
        <translation>ペンの太さ (キャンバスのピクセル単位。キャンバスの幅は 280)</translation>
    </message>
    <message>
        <source>Fool it…</source>
        <translation>だます…</translation>
    </message>
    <message>
        <source>Change this digit, barely visibly, until the model answers a digit you pick</source>
        <translation>この数字を目立たないように変えて、選んだ数字をモデルに答えさせます</translation>
    </message>
    <message>
        <source>model input 28×28</source>
        <extracomment>Said while the timeline shows a recorded step: whose answer this is.</extracomment>
        <translation>モデルへの入力 28×28</translation>
    </message>
    <message>
        <source>why</source>
        <translation>根拠</translation>
    </message>
    <message>
        <source>probabilities</source>
        <translation>確率</translation>
    </message>
    <message>
        <source>Why:</source>
        <translation>根拠：</translation>
    </message>
    <message>
        <source>A recording keeps only what it recorded, not the whole network: the answer is {0}&apos;s, not the replayed step&apos;s</source>
        <translation>記録には記録した部分だけが残り、ネットワーク全体は残りません。この答えは再生中のステップのものではなく、{0} のものです</translation>
    </message>
    <message>
        <source>Draw a digit here</source>
        <translation>ここに数字を描いてください</translation>
    </message>
    <message>
        <source>Draw here</source>
        <translation>ここに描いてください</translation>
    </message>
    <message>
        <source>why {0}? &lt;span style=&apos;color:#f66&apos;&gt;for&lt;/span&gt; / &lt;span style=&apos;color:#6af&apos;&gt;against&lt;/span&gt;</source>
        <translation>なぜ {0}？ &lt;span style=&apos;color:#f66&apos;&gt;賛成&lt;/span&gt; / &lt;span style=&apos;color:#6af&apos;&gt;反対&lt;/span&gt;</translation>
    </message>
    <message>
        <source>Draw a digit to see the model&apos;s answer.</source>
        <translation>数字を描くと、モデルの答えが表示されます。</translation>
    </message>
    <message>
        <source>Too little ink to read: draw the whole digit.</source>
        <translation>インクが少なすぎて読めません。数字全体を描いてください。</translation>
    </message>
    <message>
        <source>Draw a picture to see the model&apos;s answer.</source>
        <translation>絵を描くと、モデルの答えが表示されます。</translation>
    </message>
    <message>
        <source>Too little ink to read: draw the whole picture.</source>
        <translation>インクが少なすぎて読めません。全体を描いてください。</translation>
    </message>
    <message>
        <source>No answer: {0}</source>
        <translation>答えられません：{0}</translation>
    </message>
    <message>
        <source>probabilities · best guess {0}</source>
        <translation>確率 · いちばん近いのは {0}</translation>
    </message>
    <message>
        <source>this does not look like any digit it knows (best guess {0}, {1:.0%})</source>
        <translation>知っているどの数字にも見えません（いちばん近いのは {0}、{1:.0%}）</translation>
    </message>
    <message>
        <source>this does not look like anything it knows (best guess {0}, {1:.0%})</source>
        <translation>知っているどれにも見えません（いちばん近いのは {0}、{1:.0%}）</translation>
    </message>
    <message>
        <source>Not sure:</source>
        <translation>自信なし:</translation>
    </message>
    <message>
        <source>The energy score, {0:.2f} (the logsumexp of the model&apos;s outputs before the softmax: how strongly it answers at all, whichever digit), is below {1:.2f}: the threshold measured for this model on real digits against letters, scribbles and pairs of digits (see the README).</source>
        <translation>エネルギースコア {0:.2f}（ソフトマックスの前のモデルの出力の logsumexp：どの数字かにかかわらず、モデルがどれだけ強く答えているか）が {1:.2f} を下回っています。{1:.2f} は、このモデルについて本物の数字と、文字・なぐり書き・2 つ並んだ数字とを比べて測ったしきい値です（README を参照）。</translation>
    </message>
    <message>
        <source>The highest probability, {0:.0%}, is below {1:.0%}: the threshold measured for this model on real digits against letters, scribbles and pairs of digits (see the README).</source>
        <translation>最も高い確率 {0:.0%} が {1:.0%} を下回っています。{1:.0%} は、このモデルについて本物の数字と、文字・なぐり書き・2 つ並んだ数字とを比べて測ったしきい値です（README を参照）。</translation>
    </message>
    <message>
        <source>{0:.0%} sure</source>
        <translation>確信度 {0:.0%}</translation>
    </message>
    <message>
        <source>probabilities · {0} wins</source>
        <translation>確率 · {0} が最大</translation>
    </message>
</context>
<context>
    <name>Concepts</name>
    <message>
        <source>Concepts: {0}</source>
        <extracomment>The concepts, in the order of the tutorial write-up (and of the dialog&apos;s list). Which concepts each panel shows (panel_id -&gt; concept keys, the most useful first). The fallback language, and the folder of the texts inside resources/. A link to a concept: ``concept:dropout``. A link to a lesson&apos;s experiment window: ``lesson:dropout`` (gui.lessons). The paragraph(s), Markdown, without the heading.</extracomment>
        <translation>概念：{0}</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>The ideas behind this panel, explained in Help &gt; Concepts: {0}</source>
        <translation>このパネルの背景にある考え方（ヘルプ &gt; 概念の解説）：{0}</translation>
    </message>
    <message>
        <source>Concepts</source>
        <translation>概念の解説</translation>
    </message>
</context>
<context>
    <name>ConceptsDialog</name>
    <message>
        <source>Concepts</source>
        <translation>概念の解説</translation>
    </message>
    <message>
        <source>The concept texts are missing from this installation ({0}); reinstall mnist-viz.</source>
        <translation>このインストールには概念の解説の本文がありません（{0}）。mnist-viz をインストールし直してください。</translation>
    </message>
    <message>
        <source>Next: {0}</source>
        <translation>次へ：{0}</translation>
    </message>
</context>
<context>
    <name>ConfusionPanel</name>
    <message>
        <source>no evaluation yet</source>
        <extracomment>The selected cell (true digit, predicted digit) and every test index it holds.</extracomment>
        <translation>まだ評価していません</translation>
    </message>
    <message>
        <source>accuracy %</source>
        <translation>正解率 %</translation>
    </message>
</context>
<context>
    <name>ControlPanel</name>
    <message>
        <source>softmax</source>
        <extracomment>The model box&apos;s entry for an architecture of the user&apos;s own (edited in the network editor). What the network editor&apos;s preset box offers.</extracomment>
        <translation>ソフトマックス</translation>
    </message>
    <message>
        <source>tutorial CNN</source>
        <translation>チュートリアルの CNN</translation>
    </message>
    <message>
        <source>Softmax regression</source>
        <translation>ソフトマックス回帰</translation>
    </message>
    <message>
        <source>Convolutional network</source>
        <translation>畳み込みニューラルネットワーク</translation>
    </message>
    <message>
        <source>Your own network</source>
        <translation>自作のネットワーク</translation>
    </message>
    <message>
        <source>Gradient descent</source>
        <translation>勾配降下法</translation>
    </message>
    <message>
        <source>Momentum (Nesterov)</source>
        <translation>モーメンタム（Nesterov）</translation>
    </message>
    <message>
        <source>As in the tutorial</source>
        <translation>チュートリアルどおり</translation>
    </message>
    <message>
        <source>All zeros</source>
        <translation>すべて 0</translation>
    </message>
    <message>
        <source>He (Kaiming)</source>
        <translation>He（Kaiming）</translation>
    </message>
    <message>
        <source>All equal (constant)</source>
        <translation>すべて同じ値（定数）</translation>
    </message>
    <message>
        <source>fp32 (full precision)</source>
        <translation>fp32（単精度）</translation>
    </message>
    <message>
        <source>bf16 (mixed precision)</source>
        <translation>bf16（混合精度）</translation>
    </message>
    <message>
        <source>Auto (bf16 where native)</source>
        <translation>自動（ネイティブ対応なら bf16）</translation>
    </message>
    <message>
        <source>None (as the tutorials)</source>
        <translation>なし(チュートリアルと同じ)</translation>
    </message>
    <message>
        <source>For handwriting (strong)</source>
        <translation>手書き向け(強め)</translation>
    </message>
    <message>
        <source>For handwriting (light)</source>
        <translation>手書き向け(弱め)</translation>
    </message>
    <message>
        <source>As fast as possible</source>
        <translation>できるだけ速く</translation>
    </message>
    <message>
        <source>{0} steps a second</source>
        <translation>毎秒 {0} ステップ</translation>
    </message>
    <message>
        <source>What to learn: MNIST&apos;s hand-written digits, Fashion-MNIST&apos;s clothes (harder), or KMNIST&apos;s cursive hiragana.
All three are 28×28 greyscale images in ten classes, 60,000 to train on and 10,000 to test with.</source>
        <extracomment>The fields of TrainConfig that the panel shows (the rest come from the last preset). What the device box offers before torch is loaded (the window is built first). The chosen model changed (before a run starts): the window shows and hides panels. The user chose another data set (its key): the window loads it. The learning rate was edited (applied live while a run exists). The L2 penalty edited (0: none), live during a run. Any field changed. The speed was chosen: steps a second at most (float), or None for as fast as possible. Applied live; never locked during a run.</extracomment>
        <translation>何を学習するか：MNIST の手書き数字、Fashion-MNIST の衣類（より難しい）、KMNIST のくずし字のひらがな。
いずれも 28×28 のグレースケール画像で 10 クラス、訓練用 60,000 枚・テスト用 10,000 枚です。</translation>
    </message>
    <message>
        <source>The network&apos;s layers: edit them, or type the whole line</source>
        <translation>ネットワークの層: 層を編集するか、1 行全体を入力します</translation>
    </message>
    <message>
        <source>Softmax regression: &apos;MNIST For ML Beginners&apos;, one layer of 7,850 weights.
Convolutional network: &apos;Deep MNIST for Experts&apos;, two conv-pool layers, 1024 ReLUs, dropout.</source>
        <translation>ソフトマックス回帰：「MNIST For ML Beginners」の、重み 7,850 個の 1 層のモデル。
畳み込みニューラルネットワーク：「Deep MNIST for Experts」の、畳み込み＋プーリング 2 層、ReLU 1024 個、ドロップアウト。</translation>
    </message>
    <message>
        <source>Named settings; the tutorial presets reproduce the TensorFlow tutorials.</source>
        <translation>名前付きの設定。tutorial のプリセットは TensorFlow のチュートリアルを再現します。</translation>
    </message>
    <message>
        <source>Step size of the optimiser. Can be changed while training runs: type a number such as 1e-4, or use the arrows (10 steps a decade).</source>
        <translation>最適化の 1 ステップの大きさ。学習中でも変更できます。1e-4 のように数値を入力するか、矢印で変えてください（10 倍ごとに 10 段階）。</translation>
    </message>
    <message>
        <source>none</source>
        <translation>なし</translation>
    </message>
    <message>
        <source>L2 penalty on the weights (not the biases), added to the loss as l2 × Σw²/2, for any optimiser: it pulls the weights towards 0. Can be changed while training runs; the loss curve shows the cross-entropy alone.</source>
        <translation>重み (バイアスは除く) への L2 罰則。l2 × Σw²/2 として損失に加わり、どの最適化手法でも重みを 0 に引き寄せます。学習中にも変えられます。損失の曲線には交差エントロピーだけが表示されます。</translation>
    </message>
    <message>
        <source>Training examples per step (next_batch(n) in the tutorials).</source>
        <translation>1 ステップで使う訓練データの数（チュートリアルの next_batch(n)）。</translation>
    </message>
    <message>
        <source>Optimisation steps in the run.</source>
        <translation>この学習で行う最適化のステップ数。</translation>
    </message>
    <message>
        <source>end only</source>
        <translation>最後のみ</translation>
    </message>
    <message>
        <source> steps</source>
        <translation> ステップ</translation>
    </message>
    <message>
        <source>Measure accuracy on the test set every this many steps (and at the end).</source>
        <translation>このステップ数ごとに（および最後に）テストデータで正解率を測ります。</translation>
    </message>
    <message>
        <source>as written</source>
        <translation>構成のとおり</translation>
    </message>
    <message>
        <source>Dropout keep probability of the CNN&apos;s 1024-unit layer during training (1 = no dropout). Softmax regression has no dropout.</source>
        <translation>学習中、CNN の 1024 ユニットの層でユニットを残す確率（ドロップアウトの keep_prob。1 = ドロップアウトなし）。ソフトマックス回帰にはドロップアウトはありません。</translation>
    </message>
    <message>
        <source>How the weights start. On the CNN, &apos;All equal&apos; shows why symmetry must be broken: filters that start equal get equal gradients and stay copies of one another. &apos;All zeros&apos; fails for another reason: a ReLU at 0 passes no gradient back, so no weight before the output layer ever moves.
The lesson Help &gt; Lessons &gt; Why small random weights? (also Help &gt; Experiment) trains them side by side on the same batches.</source>
        <translation>重みの初期値です。CNN では「すべて同じ値」が、対称性を破らなければならない理由を見せます：同じ値から始まったフィルタは同じ勾配を受け取り、互いのコピーのままです。「すべて 0」は別の理由で失敗します：0 での ReLU は勾配を逆に伝えないので、出力層より前の重みは一度も動きません。
レッスン「ヘルプ &gt; レッスン &gt; なぜ小さな乱数で初期化するの？」（ヘルプ &gt; 実験 からも開けます）が、同じミニバッチで並べて学習します。</translation>
    </message>
    <message>
        <source>How the weights start. On the CNN, &apos;All equal&apos; shows why symmetry must be broken: filters that start equal get equal gradients and stay copies of one another. &apos;All zeros&apos; fails for another reason: a ReLU at 0 passes no gradient back, so no weight before the output layer ever moves.
Help &gt; Experiment trains them side by side.</source>
        <translation type="vanished">重みの初期値。CNN を「すべて同じ値」で始めると、なぜ対称性を崩す必要があるのかがわかります。同じ値で始まったフィルタは同じ勾配を受け取り、いつまでも互いのコピーのままです。「すべて 0」がうまくいかないのは別の理由からです。0 にある ReLU は勾配を逆向きに伝えないので、出力層より前の重みは一つも動きません。
ヘルプ &gt; 実験 で両方を並べて学習させられます。</translation>
    </message>
    <message>
        <source>How the weights start. &apos;All zeros&apos; on the CNN shows why symmetry must be broken.</source>
        <translation type="vanished">重みの初期値。CNN を「すべて 0」で始めると、なぜ対称性を崩す必要があるのかがわかります。</translation>
    </message>
    <message>
        <source>Seeds the initial weights, the batch order and dropout: same seed, same run.</source>
        <translation>重みの初期値、ミニバッチの順序、ドロップアウトの乱数シード。同じシードなら同じ結果になります。</translation>
    </message>
    <message>
        <source>Where training runs; &apos;auto&apos; picks a GPU when there is one.</source>
        <translation>学習を実行するデバイス。auto は GPU があれば GPU を使います。</translation>
    </message>
    <message>
        <source>How fast training goes: as fast as this computer can, or at most 50, 10 or 2 steps a second, so that you can watch the weights change (softmax&apos;s 1,000 steps take about 8 minutes at 2 a second).
Can be changed while training runs. Step (F10) trains one batch at a time.</source>
        <translation>学習の速さ：このコンピュータでできるだけ速く、または毎秒最大 50・10・2 ステップにして、重みが変わっていく様子を目で追えるようにします（softmax の 1,000 ステップは毎秒 2 ステップで約 8 分かかります）。
学習中にも変えられます。ステップ（F10）は 1 バッチずつ学習します。</translation>
    </message>
    <message>
        <source>The number format training computes in. bf16 (mixed precision) runs the convolutions and matrix products in bfloat16, which has float32&apos;s range but fewer digits; the weights, the optimiser and the loss stay in float32.
It is faster only on hardware with native bf16 (CPUs with AVX512-BF16 or AMX, recent GPUs); elsewhere it is emulated and much slower. &apos;Auto&apos; uses bf16 only where it is native.
The tutorial presets train in fp32.</source>
        <translation>学習で使う数値の形式です。bf16（混合精度）では畳み込みと行列積を bfloat16 で計算します。bfloat16 は float32 と同じ範囲を持ちますが、桁数は少なくなります。重み・オプティマイザ・損失は float32 のままです。
bf16 をネイティブに計算できるハードウェア（AVX512-BF16 や AMX のある CPU、最近の GPU）でのみ速くなり、それ以外ではエミュレーションになるためずっと遅くなります。「自動」はネイティブ対応の場合にだけ bf16 を使います。
チュートリアルのプリセットは fp32 で学習します。</translation>
    </message>
    <message>
        <source>Change each training batch a little before the network sees it: rotated, scaled, slanted, moved, distorted, with thinner or thicker strokes, at a lower resolution, blurred, fainter. The network then reads handwriting that does not look like MNIST&apos;s (your drawings) much better.
Strong for the CNN, light for softmax regression (it cannot learn every variation). The test set and the probe are never changed. The tutorial presets train without it.</source>
        <translation>ネットワークに見せる前に、学習の各バッチを少しずつ変えます: 回転、拡大縮小、傾き、平行移動、ゆがみ、線を細く・太く、解像度を下げる、ぼかす、薄くする。こうするとネットワークは MNIST に似ていない手書き(あなたの描いた数字)をずっとよく読めるようになります。
CNN には強め、ソフトマックス回帰には弱めを使います(すべての変化は学習できないため)。テストセットとプローブ画像は変えません。チュートリアルのプリセットは拡張なしで学習します。</translation>
    </message>
    <message>
        <source>Dat&amp;a set</source>
        <translation>データセット(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Model</source>
        <translation>モデル(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Preset</source>
        <translation>プリセット(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Learning rate</source>
        <translation>学習率(&amp;L)</translation>
    </message>
    <message>
        <source>L&amp;2 penalty</source>
        <translation>L&amp;2 罰則</translation>
    </message>
    <message>
        <source>&amp;Optimiser</source>
        <translation>最適化手法(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Batch size</source>
        <translation>バッチサイズ(&amp;B)</translation>
    </message>
    <message>
        <source>S&amp;teps</source>
        <translation>ステップ数(&amp;T)</translation>
    </message>
    <message>
        <source>Test e&amp;very</source>
        <translation>テスト間隔(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Keep probability</source>
        <translation>保持確率(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;Init</source>
        <translation>初期化(&amp;I)</translation>
    </message>
    <message>
        <source>See&amp;d</source>
        <translation>シード(&amp;D)</translation>
    </message>
    <message>
        <source>De&amp;vice</source>
        <translation>デバイス(&amp;V)</translation>
    </message>
    <message>
        <source>Pre&amp;cision</source>
        <translation>精度(&amp;C)</translation>
    </message>
    <message>
        <source>A&amp;ugment</source>
        <translation>データ拡張(&amp;U)</translation>
    </message>
    <message>
        <source>Sp&amp;eed</source>
        <translation>速さ(&amp;E)</translation>
    </message>
    <message>
        <source>loss summed over the batch</source>
        <translation>損失はミニバッチ全体の和</translation>
    </message>
    <message>
        <source>loss averaged over the batch</source>
        <translation>損失はミニバッチの平均</translation>
    </message>
    <message>
        <source>constant learning rate</source>
        <translation>学習率は一定</translation>
    </message>
    <message>
        <source>one-cycle schedule</source>
        <translation>one-cycle スケジュール</translation>
    </message>
    <message>
        <source>{0}, {1}</source>
        <translation>{0}、{1}</translation>
    </message>
</context>
<context>
    <name>DataController</name>
    <message>
        <source>Stop training before choosing another data set</source>
        <extracomment>The data set is loaded and training can start (the data.Mnist). The data set could not be loaded (the message says why and what to do). PyTorch has been imported (in the background, after the window was shown), and the data set loaded or found missing: listeners may start their own preparations. Another data set was chosen (its key); the window renames itself and the panels&apos; classes. Something Start&apos;s availability depends on changed (loading began or ended). The chosen data set&apos;s key (&quot;mnist&quot;, &quot;fashion-mnist&quot;, &quot;kmnist&quot;; see core.datasets). A GPU chosen last time, selected once torch finds it.</extracomment>
        <translation>別のデータセットを選ぶ前に学習を停止してください</translation>
    </message>
    <message>
        <source>Choose the folder that holds {0}/raw/</source>
        <translation>{0}/raw/ があるフォルダを選んでください</translation>
    </message>
    <message>
        <source>Loading PyTorch...</source>
        <translation>PyTorch を読み込んでいます...</translation>
    </message>
    <message>
        <source>PyTorch could not be loaded</source>
        <translation>PyTorch を読み込めませんでした</translation>
    </message>
    <message>
        <source>Reinstall it as the README says (pip install torch==2.14.1 torchvision==0.29.1); the log has the details.</source>
        <translation>README のとおりに再インストールしてください (pip install torch==2.14.1 torchvision==0.29.1)。詳細はログにあります。</translation>
    </message>
    <message>
        <source>PyTorch is not loaded</source>
        <translation>PyTorch が読み込まれていません</translation>
    </message>
    <message>
        <source>Loading {0} from {1}...</source>
        <translation>{1} から {0} を読み込んでいます...</translation>
    </message>
    <message>
        <source>{0}: {1:,} training and {2:,} test images from {3}</source>
        <translation>{0}：訓練画像 {1:,} 枚、テスト画像 {2:,} 枚（{3}）</translation>
    </message>
    <message>
        <source>{0} could not be loaded</source>
        <translation>{0} を読み込めませんでした</translation>
    </message>
    <message>
        <source>The drawing canvas works without it. File &gt; Choose data folder... picks another folder.</source>
        <translation>「数字を描く」パネルはデータなしでも使えます。「ファイル &gt; データフォルダを選択...」で別のフォルダを選べます。</translation>
    </message>
    <message>
        <source>File &gt; Choose data folder... picks another folder.</source>
        <translation>「ファイル &gt; データフォルダを選択...」で別のフォルダを選べます。</translation>
    </message>
    <message>
        <source>{0} is not loaded</source>
        <translation>{0} は読み込まれていません</translation>
    </message>
    <message>
        <source>{0} is not in {1}</source>
        <translation>{0} は {1} にありません</translation>
    </message>
    <message>
        <source>{0} could not be downloaded</source>
        <translation>{0} をダウンロードできませんでした</translation>
    </message>
    <message>
        <source>Download cancelled; nothing was kept.</source>
        <translation>ダウンロードを中止しました。途中のファイルは残っていません。</translation>
    </message>
    <message>
        <source>{0} downloaded into {1}</source>
        <translation>{0} を {1} にダウンロードしました</translation>
    </message>
</context>
<context>
    <name>DataDownload</name>
    <message>
        <source>Downloading {0} into {1}...</source>
        <translation>{0} を {1} にダウンロードしています...</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <source>Downloading {0}</source>
        <translation>{0} のダウンロード</translation>
    </message>
    <message>
        <source>Cancelling after the current file...</source>
        <translation>今のファイルが終わったら中止します...</translation>
    </message>
    <message>
        <source>Downloading {0} ({1} of {2})
into {3}</source>
        <translation>{0} をダウンロードしています（{2} 個中 {1} 個目）
保存先：{3}</translation>
    </message>
    <message>
        <source>Downloading {0} into {1} failed: {2}. Check the network, or copy the four {0} files there and choose that folder.</source>
        <translation>{0} を {1} にダウンロードできませんでした：{2}。ネットワークを確認するか、{0} の 4 つのファイルをそこにコピーしてそのフォルダを選んでください。</translation>
    </message>
</context>
<context>
    <name>DataPanel</name>
    <message>
        <source>rotation</source>
        <extracomment>The part the Trainer serves (core.training.BATCH_PART; the panel may not import core.training). The shortest time between two batches drawn (seconds): at most about two a second. Tiles to a row to choose from (64 images: 8 x 8, or 16 x 4 in a wide, short place, ...): the one that draws the tiles largest in the panel&apos;s place. The label band above each tile and the gap between tiles (pixels of the 28-pixel tiles). Highlight of the tile that is the probe. The recipe&apos;s transformations in words: (short word, detail with the recipe&apos;s numbers).</extracomment>
        <translation>回転</translation>
    </message>
    <message>
        <source>rotation up to ±{0:g}°</source>
        <translation>回転 最大 ±{0:g}°</translation>
    </message>
    <message>
        <source>scale</source>
        <translation>拡大縮小</translation>
    </message>
    <message>
        <source>scale {0:g}–{1:g}</source>
        <translation>拡大縮小 {0:g}–{1:g} 倍</translation>
    </message>
    <message>
        <source>squash</source>
        <translation>縦横比</translation>
    </message>
    <message>
        <source>width/height up to {0:g}× either way</source>
        <translation>幅と高さの比 最大 {0:g} 倍（どちら向きにも）</translation>
    </message>
    <message>
        <source>slant</source>
        <translation>傾き</translation>
    </message>
    <message>
        <source>slant up to ±{0:g}°</source>
        <translation>傾き 最大 ±{0:g}°</translation>
    </message>
    <message>
        <source>shift</source>
        <translation>平行移動</translation>
    </message>
    <message>
        <source>shift up to ±{0:g} px</source>
        <translation>平行移動 最大 ±{0:g} ピクセル</translation>
    </message>
    <message>
        <source>elastic warp</source>
        <translation>ゆがみ</translation>
    </message>
    <message>
        <source>{0:g} % elastically warped (up to {1:g} px)</source>
        <translation>{0:g} % を弾性的にゆがめる（最大 {1:g} ピクセル）</translation>
    </message>
    <message>
        <source>thinner pen</source>
        <translation>細いペン</translation>
    </message>
    <message>
        <source>{0:g} % with a thinner pen (up to {1:g} px)</source>
        <translation>{0:g} % を細いペンで（最大 {1:g} ピクセル細く）</translation>
    </message>
    <message>
        <source>thicker pen</source>
        <translation>太いペン</translation>
    </message>
    <message>
        <source>{0:g} % with a thicker pen (up to {1:g} px)</source>
        <translation>{0:g} % を太いペンで（最大 {1:g} ピクセル太く）</translation>
    </message>
    <message>
        <source>low resolution</source>
        <translation>低解像度</translation>
    </message>
    <message>
        <source>{0:g} % scanned at 14 or 10 pixels and enlarged</source>
        <translation>{0:g} % を 14 または 10 ピクセルで読み取って拡大</translation>
    </message>
    <message>
        <source>blur</source>
        <translation>ぼかし</translation>
    </message>
    <message>
        <source>{0:g} % blurred</source>
        <translation>{0:g} % をぼかす</translation>
    </message>
    <message>
        <source>faint ink</source>
        <translation>薄いインク</translation>
    </message>
    <message>
        <source>{0:g} % with other ink (peak {1:g}–{2:g})</source>
        <translation>{0:g} % のインクの濃さを変える（最大値 {1:g}–{2:g}）</translation>
    </message>
    <message>
        <source>Augmentation: {0} (unknown to this version)</source>
        <translation>データ拡張: {0}（このバージョンでは不明）</translation>
    </message>
    <message>
        <source>Not augmented: the images exactly as they are in the data set</source>
        <translation>データ拡張なし: データセットの画像そのまま</translation>
    </message>
    <message>
        <source>The run trains on the images as they are (the Augment box in the training controls).</source>
        <translation>この学習は画像をそのまま使います（学習の設定の「データ拡張」欄）。</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>Augmented ({0}): {1}</source>
        <translation>データ拡張（{0}）: {1}</translation>
    </message>
    <message>
        <source>; {0:g} % left as they are</source>
        <translation>。{0:g} % はそのまま</translation>
    </message>
    <message>
        <source>Each image of the batch is changed at random, anew every step:</source>
        <translation>バッチの各画像は、ステップごとに新たにランダムに変えられます:</translation>
    </message>
    <message>
        <source>Hold</source>
        <extracomment>The weights shown (core.state.Weights) or None. The run the batch kept belongs to (the shown live weights&apos; config, by identity). The newest batch received: dict of the part&apos;s arrays plus &quot;step&quot;; None when none is kept. The batch drawn (what is on screen), or None when the placeholder is shown. The probe chosen here: (training-set index, label, step), highlighted while its batch shows.</extracomment>
        <translation>固定</translation>
    </message>
    <message>
        <source>Keep this batch on screen while training goes on</source>
        <translation>学習を続けたまま、このバッチを画面に残します</translation>
    </message>
    <message>
        <source>Held: the batch of step {0:,} stays on screen; press again to follow the training</source>
        <translation>固定中: ステップ {0:,} のバッチを表示したままです。もう一度押すと学習を追いかけます</translation>
    </message>
    <message>
        <source>training image #{0:,}, label {1}, as trained on at step {2:,}
click: make it the probe</source>
        <translation>訓練画像 #{0:,}、ラベル {1}、ステップ {2:,} で学習に使われた姿
クリック: プローブ画像にする</translation>
    </message>
    <message>
        <source>the batch&apos;s {0} images</source>
        <translation>バッチの画像 {0} 枚</translation>
    </message>
    <message>
        <source>{0} of the batch&apos;s {1} images</source>
        <translation>バッチの画像 {1} 枚のうち {0} 枚</translation>
    </message>
    <message>
        <source>Step {0:,} · {1}, as the model saw them (click one to make it the probe)</source>
        <translation>ステップ {0:,} · {1}（モデルが見たとおり。クリックするとプローブ画像になります）</translation>
    </message>
    <message>
        <source>The training batch shows here while a run trains (press Start).</source>
        <translation>学習中は、ここに学習のバッチが表示されます（「開始」を押してください）。</translation>
    </message>
    <message>
        <source>The shipped model is shown: the batches it was trained on are not kept. {0}</source>
        <translation>同梱の学習済みモデルを表示中です。その学習に使われたバッチは残っていません。{0}</translation>
    </message>
    <message>
        <source>A saved model is shown: a checkpoint does not keep the batches it was trained on. {0}</source>
        <translation>保存したモデルを表示中です。チェックポイントには学習に使われたバッチは残りません。{0}</translation>
    </message>
    <message>
        <source>A recording is shown: recordings do not keep training batches. {0}</source>
        <translation>記録を表示中です。記録には学習のバッチは残りません。{0}</translation>
    </message>
    <message>
        <source>Waiting for the first batch of this run...</source>
        <translation>この学習の最初のバッチを待っています…</translation>
    </message>
    <message>
        <source>This run ended while the panel was hidden: its batches were not kept. {0}</source>
        <translation>このパネルが隠れている間に学習が終わったため、そのバッチは残っていません。{0}</translation>
    </message>
    <message>
        <source>Probe: training image #{0:,}, label {1}, as trained on at step {2:,}: the feature maps and the prediction show it</source>
        <translation>プローブ画像: 訓練画像 #{0:,}、ラベル {1}、ステップ {2:,} で学習に使われた姿。特徴マップと予測に表示されます</translation>
    </message>
</context>
<context>
    <name>DistributionsPanel</name>
    <message>
        <source>Log colours</source>
        <translation>色を対数で</translation>
    </message>
    <message>
        <source>waiting for the first snapshot</source>
        <translation>最初のスナップショットを待っています</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>層</translation>
    </message>
    <message>
        <source>Which layer&apos;s weights and gradients the heat maps show</source>
        <extracomment>The activation layers in the statistics -&gt; stats.DEAD or stats.SATURATED. What the heat maps show now: counts (bins, snapshots), before the log colour scale. The newest gradient norm of the first layer divided by the last layer&apos;s (None if unknown).</extracomment>
        <translation>ヒートマップに表示する層の重みと勾配</translation>
    </message>
    <message>
        <source>Colour by log(1 + count), so that rare values show too; off: by the count itself, which shows the shape of the bulk better</source>
        <translation>log(1 + 個数) で色付けし、まれな値も見えるようにします。オフ: 個数そのもので色付けし、大部分の形がよく見えます</translation>
    </message>
    <message>
        <source>Shown while a run trains (F5) or a recording is replayed: how each layer&apos;s weights and gradients spread, step by step</source>
        <translation>学習中 (F5) または記録の再生中に表示されます: 各層の重みと勾配がステップごとにどう広がるか</translation>
    </message>
    <message>
        <source>gradient norm</source>
        <translation>勾配のノルム</translation>
    </message>
    <message>
        <source>step</source>
        <translation>ステップ</translation>
    </message>
    <message>
        <source>dead ReLUs %</source>
        <translation>死んだ ReLU %</translation>
    </message>
    <message>
        <source>A checkpoint keeps no training history: train, or replay a recording, to see how the weights spread step by step</source>
        <translation>チェックポイントには学習の履歴がありません。重みが 1 ステップごとにどう広がるかを見るには、学習するか、記録を再生してください</translation>
    </message>
    <message>
        <source>saturated units %</source>
        <translation>飽和したユニット %</translation>
    </message>
    <message>
        <source>dead or saturated units %</source>
        <translation>死んだ・飽和したユニット %</translation>
    </message>
    <message>
        <source>colour: how many, log scale</source>
        <translation>色: 個数、対数目盛</translation>
    </message>
    <message>
        <source>colour: how many</source>
        <translation>色: 個数</translation>
    </message>
    <message>
        <source>{0} weights ({1})</source>
        <translation>{0} の重み ({1})</translation>
    </message>
    <message>
        <source>{0} gradients (y: log scale on both sides of 0)</source>
        <translation>{0} の勾配 (縦軸: 0 の両側で対数目盛)</translation>
    </message>
    <message>
        <source>gradient norm · {0} ÷ {1} = {2}</source>
        <translation>勾配のノルム · {0} ÷ {1} = {2}</translation>
    </message>
    <message>
        <source>{0}: {1:,} weights · step {2:,}</source>
        <translation>{0}: 重み {1:,} 個 · ステップ {2:,}</translation>
    </message>
    <message>
        <source> · gradient norm {0:.3g}</source>
        <translation> · 勾配のノルム {0:.3g}</translation>
    </message>
    <message>
        <source> · {0:.1f} % saturated</source>
        <translation> · 飽和 {0:.1f} %</translation>
    </message>
    <message>
        <source> · {0:.1f} % dead</source>
        <translation> · 死んだユニット {0:.1f} %</translation>
    </message>
</context>
<context>
    <name>DockLayout</name>
    <message>
        <source>Nothing to show for the {0} model</source>
        <extracomment>Width of the side column (the canvas) in the default layout, in font heights. True until a run has started: the panels then show the chosen model&apos;s empty state. Docks hidden because the chosen model has nothing for them (shown again when it does). True when a saved layout was applied (the default one is then not).</extracomment>
        <translation>{0} モデルでは表示するものがありません</translation>
    </message>
</context>
<context>
    <name>DockTitleBar</name>
    <message>
        <source>Float or dock this panel</source>
        <translation>このパネルを切り離す／ドッキングする</translation>
    </message>
    <message>
        <source>Close this panel (View menu brings it back)</source>
        <translation>このパネルを閉じる（「表示」メニューで再表示できます）</translation>
    </message>
</context>
<context>
    <name>DrawingCanvas</name>
    <message>
        <source>Draw a digit: mouse, pen or finger. Esc clears, Ctrl+Z undoes the last stroke.</source>
        <translation>数字を描いてください: マウス、ペン、指で。Esc で消去、Ctrl+Z で最後の一筆を取り消します。</translation>
    </message>
</context>
<context>
    <name>EmbeddingPanel</name>
    <message>
        <source>PCA</source>
        <translation>PCA</translation>
    </message>
    <message>
        <source>t-SNE</source>
        <translation>t-SNE</translation>
    </message>
    <message>
        <source>PCA: the two directions of largest variance (fast, faithful to distances). t-SNE (with openTSNE installed): keeps neighbours together, slower</source>
        <translation>PCA：分散が最大の 2 方向（速く、距離に忠実）。t-SNE（openTSNE をインストールした場合）：近いもの同士をまとめて保つ、より遅い</translation>
    </message>
    <message>
        <source> images</source>
        <translation> 枚</translation>
    </message>
    <message>
        <source>How many test images to place (the same number of each class); the cost grows with it</source>
        <translation>配置するテスト画像の枚数（各クラス同じ枚数）。多いほど計算に時間がかかります</translation>
    </message>
    <message>
        <source>Recompute</source>
        <translation>再計算</translation>
    </message>
    <message>
        <source>Compute the picture again for the weights shown now</source>
        <translation>いま表示している重みで図を計算し直します</translation>
    </message>
    <message>
        <source>Projection</source>
        <translation>射影</translation>
    </message>
    <message>
        <source>The embedding failed: {0}</source>
        <translation>埋め込みの計算に失敗しました：{0}</translation>
    </message>
    <message>
        <source>No embedding: {0}</source>
        <translation>埋め込みを計算できません：{0}</translation>
    </message>
    <message>
        <source>PC 1 · {0:.0f}% of the variance</source>
        <translation>第 1 主成分 · 分散の {0:.0f}%</translation>
    </message>
    <message>
        <source>PC 2 · {0:.0f}%</source>
        <translation>第 2 主成分 · {0:.0f}%</translation>
    </message>
    <message>
        <source>Recomputed at each test evaluation (about {0:.1f} s).</source>
        <translation>テスト評価のたびに計算し直します（約 {0:.1f} 秒）。</translation>
    </message>
    <message>
        <source>The picture is computed off the screen&apos;s thread when the weights shown change, at each test evaluation of a run, and with Recompute, only while this panel is on screen: 2,000 forward passes and a PCA, about {0:.1f} s for this network on a 2-core machine.</source>
        <translation>図は画面のスレッドとは別に、表示する重みが変わったとき、学習中のテスト評価のたび、再計算を押したときに、このパネルが画面に出ているときだけ計算します：順伝播 2,000 回と主成分分析で、2 コアのマシンでこのネットワークなら約 {0:.1f} 秒です。</translation>
    </message>
    <message>
        <source>{0}, computed in {1:.1f} s: {2} test images, {3} wrong (ringed).</source>
        <translation>{0}、計算に {1:.1f} 秒：テスト画像 {2} 枚、うち {3} 枚が誤り（輪で表示）。</translation>
    </message>
    <message>
        <source>t-SNE 1</source>
        <translation>t-SNE 1</translation>
    </message>
    <message>
        <source>t-SNE 2</source>
        <translation>t-SNE 2</translation>
    </message>
    <message>
        <source>wrong</source>
        <translation>誤り</translation>
    </message>
    <message>
        <source>A replayed step keeps only the parts it recorded; the embedding needs all the weights: go back to Live, or open a checkpoint of the run.</source>
        <translation type="vanished">再生中のステップには記録された部分しかありません。埋め込みにはすべての重みが必要です。ライブに戻るか、その実行のチェックポイントを開いてください。</translation>
    </message>
    <message>
        <source>Waiting for the test set to load…</source>
        <translation>テストデータの読み込みを待っています…</translation>
    </message>
    <message>
        <source>No weights to show yet: train a model, or choose the shipped one.</source>
        <translation>表示する重みがまだありません。モデルを学習させるか、同梱モデルを選んでください。</translation>
    </message>
    <message>
        <source>Computing…</source>
        <translation>計算中…</translation>
    </message>
    <message>
        <source>step {0}</source>
        <translation>ステップ {0}</translation>
    </message>
    <message>
        <source>shipped</source>
        <translation>同梱モデル</translation>
    </message>
    <message>
        <source>Recomputing…</source>
        <translation>再計算中…</translation>
    </message>
    <message>
        <source>test #{0}&lt;br&gt;label {1}&lt;br&gt;answer {2}</source>
        <translation>テスト #{0}&lt;br&gt;ラベル {1}&lt;br&gt;答え {2}</translation>
    </message>
</context>
<context>
    <name>ExperimentWindow</name>
    <message>
        <source>Lesson: {0}</source>
        <extracomment>One colour per variant (colour-blind safe: Okabe and Ito), in the lesson&apos;s order. About this many reports per run: enough to watch the curves grow, cheap to draw; fewer for a lesson that measures both accuracies at every report (the dropout lesson: an evaluation each). Test accuracy is measured on at most this many test images (core.experiments&apos; choice). Which concepts of Help &gt; Concepts each lesson is about (links under its texts). list[core.lessons.VariantReport], one per variant one line saying what went wrong the run is over: True if it ran to its last step, False if it was stopped or failed The threads that ran lessons (tests check that the GUI thread never did). The newest report of every variant (core.lessons.VariantReport), in the lesson&apos;s order. The error that ended the last run (&quot;&quot; if none).</extracomment>
        <translation>レッスン：{0}</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>開始</translation>
    </message>
    <message>
        <source>Train every variant from step 0 on the same batches</source>
        <translation>すべての条件をステップ 0 から同じミニバッチで学習します</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>End the run after the current step (no verdict: it needs a whole run)</source>
        <translation>今のステップのあとで学習を終えます（判定は出ません：判定には最後までの学習が必要です）</translation>
    </message>
    <message>
        <source> steps</source>
        <translation> ステップ</translation>
    </message>
    <message>
        <source>How many batches each variant trains on (the lesson&apos;s default: {0})</source>
        <translation>各条件で学習するミニバッチの数（このレッスンの既定値：{0}）</translation>
    </message>
    <message>
        <source>step</source>
        <translation>ステップ</translation>
    </message>
    <message>
        <source>Training loss at every step</source>
        <translation>各ステップの訓練損失</translation>
    </message>
    <message>
        <source>Batch accuracy at every report</source>
        <translation>報告ごとのミニバッチ正解率</translation>
    </message>
    <message>
        <source>Test accuracy</source>
        <translation>テスト正解率</translation>
    </message>
    <message>
        <source>Accuracy on the training images (dropout off)</source>
        <translation>訓練画像での正解率（ドロップアウトなし）</translation>
    </message>
    <message>
        <source>What the plot overlays for every variant</source>
        <translation>グラフに全条件を重ねて描く量</translation>
    </message>
    <message>
        <source>Log scale</source>
        <translation>対数目盛</translation>
    </message>
    <message>
        <source>A logarithmic y axis: a loss that explodes and one near 0 on one plot</source>
        <translation>縦軸を対数にします：発散する損失と 0 に近い損失を 1 つのグラフで見られます</translation>
    </message>
    <message>
        <source>Verdict, from the numbers measured in this run:</source>
        <translation>判定（この学習で測った数値から）：</translation>
    </message>
    <message>
        <source>What to watch</source>
        <translation>見どころ</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>なぜそうなるか</translation>
    </message>
    <message>
        <source>In the tutorial</source>
        <translation>チュートリアルでは</translation>
    </message>
    <message>
        <source>Concepts: {0}</source>
        <translation>概念：{0}</translation>
    </message>
    <message>
        <source>Load MNIST in the main window first (File &gt; Choose data folder).</source>
        <translation>先にメインウィンドウで MNIST を読み込んでください（ファイル &gt; データフォルダを選ぶ）。</translation>
    </message>
    <message>
        <source>The lesson stopped with an error: {0}</source>
        <translation>エラーでレッスンが止まりました：{0}</translation>
    </message>
    <message>
        <source>Stopping after the current step…</source>
        <translation>今のステップのあとで停止します…</translation>
    </message>
    <message>
        <source>Training {0} networks on the same batches: step {1} of {2}…</source>
        <translation>{0} つのネットワークを同じミニバッチで学習中：ステップ {1} / {2}…</translation>
    </message>
    <message>
        <source>Done: {0} steps each. The verdict is beside the plot.</source>
        <translation>完了：それぞれ {0} ステップ。判定はグラフの横にあります。</translation>
    </message>
    <message>
        <source>Stopped at step {0}: no verdict without a whole run. Start begins again from step 0.</source>
        <translation>ステップ {0} で停止しました：最後まで学習しないと判定は出ません。「開始」でステップ 0 からやり直します。</translation>
    </message>
    <message>
        <source>Press Start to train the {0} networks on the same batches.</source>
        <translation>「開始」を押すと、{0} つのネットワークを同じミニバッチで学習します。</translation>
    </message>
</context>
<context>
    <name>ExplainChoice</name>
    <message>
        <source>en</source>
        <extracomment>The order in the box: today&apos;s method first, then the others.</extracomment>
        <translation>ja</translation>
    </message>
    <message>
        <source>Grad-CAM is not offered: {0} has no convolution layer. Choose another method.</source>
        <extracomment>The method chosen changed (a name of core.explain.METHODS).</extracomment>
        <translation>Grad-CAM は使えません：{0} には畳み込み層がありません。別の方法を選んでください。</translation>
    </message>
    <message>
        <source>this network</source>
        <translation>このネットワーク</translation>
    </message>
    <message>
        <source>How to read it</source>
        <translation>読み方</translation>
    </message>
</context>
<context>
    <name>FeatureMapsPanel</name>
    <message>
        <source>Number of the test image to look at</source>
        <extracomment>The test set (see set_test_set), to show a chosen probe&apos;s picture at once. The layer last chosen in another panel (the Network panel&apos;s blocks), marked ▶ here.</extracomment>
        <translation>見るテスト画像の番号</translation>
    </message>
    <message>
        <source>Random</source>
        <translation>ランダム</translation>
    </message>
    <message>
        <source>A random test image</source>
        <translation>ランダムなテスト画像</translation>
    </message>
    <message>
        <source>Next misclassified</source>
        <translation>次の誤分類</translation>
    </message>
    <message>
        <source>Available after the first evaluation on the test set</source>
        <translation>テストセットでの最初の評価のあとに使えます</translation>
    </message>
    <message>
        <source>Show:</source>
        <extracomment>Per layer of the network shown: whether its values can be negative (diverging colours).</extracomment>
        <translation>表示：</translation>
    </message>
    <message>
        <source>input</source>
        <translation>入力</translation>
    </message>
    <message>
        <source>deskewed: the x of x · W</source>
        <translation>傾きを直した画像：x · W の x</translation>
    </message>
    <message>
        <source>evidence x · W[:, k] for each digit k</source>
        <translation>根拠 x · W[:, k]、数字 k ごとに</translation>
    </message>
    <message>
        <source>test #{0}, labelled {1}: computing…</source>
        <translation>テスト #{0}(ラベル {1}): 計算中…</translation>
    </message>
    <message>
        <source>test #{0}, labelled {1}: its activations appear once training runs</source>
        <translation>テスト画像 #{0}（正解ラベル {1}）：活性は学習を始めると表示されます</translation>
    </message>
    <message>
        <source>evidence x · W[:, k] for each class k</source>
        <translation>根拠 x · W[:, k]、クラス k ごとに</translation>
    </message>
    <message>
        <source>{0:,} test images were misclassified at step {1:,}</source>
        <translation>ステップ {1:,} で {0:,} 枚のテスト画像が誤分類されました</translation>
    </message>
    <message>
        <source>No test image is misclassified</source>
        <translation>誤分類されたテスト画像はありません</translation>
    </message>
    <message>
        <source>an image of class {0}</source>
        <translation>クラス {0} の画像</translation>
    </message>
    <message>
        <source>a drawn image</source>
        <translation>描いた画像</translation>
    </message>
    <message>
        <source>test #{0}</source>
        <translation>テスト #{0}</translation>
    </message>
</context>
<context>
    <name>Filmstrip</name>
    <message>
        <source>{0} ({1})</source>
        <extracomment>Per (network, layer): (picture, caption), oldest first.</extracomment>
        <translation>{0}（{1} 枚）</translation>
    </message>
    <message>
        <source>No captures of {0} yet. Kept: {1}; choose that layer to see them.</source>
        <translation>{0} のキャプチャはまだありません。残っているもの：{1}。見るにはその層を選んでください。</translation>
    </message>
</context>
<context>
    <name>FiltersPanel</name>
    <message>
        <source>Per-tile range</source>
        <translation>タイルごとの範囲</translation>
    </message>
    <message>
        <source>Show change since step 0</source>
        <translation>ステップ 0 からの変化を表示</translation>
    </message>
    <message>
        <source>Draw how much every weight has moved since the first snapshot of the run instead of the weights themselves: with a small learning rate what training adds is visible here long before it shows against the random start.</source>
        <translation>重みそのものではなく、実行の最初のスナップショットから各重みがどれだけ動いたかを描きます。学習率が小さいと、学習で加わったものはランダムな初期値に埋もれてなかなか見えませんが、ここではずっと早く見えます。</translation>
    </message>
    <message>
        <source>Auto range</source>
        <translation>自動範囲</translation>
    </message>
    <message>
        <source>Colour range ±max|value| of each layer, following every frame. Untick to fix it, so that colours can be compared over time (the fixed range starts where the automatic one is).</source>
        <translation>各層の色の範囲を ±最大|値| にし、フレームごとに追従させます。チェックを外すと範囲が固定され、時間を追って色を比べられます（固定した範囲は今の自動範囲から始まります）。</translation>
    </message>
    <message>
        <source>conv1&apos;s fixed colour range: values beyond it saturate</source>
        <translation type="vanished">conv1 の固定した色の範囲：これを超える値は飽和します</translation>
    </message>
    <message>
        <source>conv2&apos;s fixed colour range: values beyond it saturate</source>
        <translation type="vanished">conv2 の固定した色の範囲：これを超える値は飽和します</translation>
    </message>
    <message>
        <source>Which deeper conv layer the mode and channel apply to</source>
        <extracomment>The network shown (its model identifier, &quot;&quot; until known): each keeps its own filmstrips. The conv layers shown, input side first, and their newest weights. Per layer: (step, weights) of the first snapshot since the run started. The first conv&apos;s distinct filters in the newest snapshot (core.experiments.FilterDiversity). The conv layer last chosen in another panel (the Network panel&apos;s blocks): it gets the larger share of the mosaics&apos; height and a ▶ before its title. Each deeper conv&apos;s (mode, input channel), kept while another one is chosen.</extracomment>
        <translation>表示方法とチャネルをどの深い畳み込み層に適用するか</translation>
    </message>
    <message>
        <source>one channel</source>
        <translation>1 チャンネル</translation>
    </message>
    <message>
        <source>all {0}×{1}</source>
        <translation>全 {0}×{1}</translation>
    </message>
    <message>
        <source>A deeper conv layer: its filters&apos; kernels for one input channel, or all of them</source>
        <translation>深い畳み込み層: 1 つの入力チャンネルに対するフィルタのカーネル、またはそのすべて</translation>
    </message>
    <message>
        <source>Which input channel of the deeper conv layer (an output channel of the layer before) to show</source>
        <translation>深い畳み込み層のどの入力チャンネル (前の層の出力チャンネル) を表示するか</translation>
    </message>
    <message>
        <source>Scale every tile to its own ±max instead of one range per layer</source>
        <translation>層ごとに一つの範囲ではなく、タイルごとにそれ自身の ±最大値で色を合わせます</translation>
    </message>
    <message>
        <source>Colours:</source>
        <translation>色：</translation>
    </message>
    <message>
        <source>Capture</source>
        <translation>キャプチャ</translation>
    </message>
    <message>
        <source>Keep conv1&apos;s filters as they are drawn now, with their step, in a filmstrip under the mosaics, to compare steps side by side (fix the colours first, so that a colour means the same value in every picture).</source>
        <translation type="vanished">今描かれている conv1 のフィルタを、そのステップ数とともにモザイクの下のフィルムストリップに残し、ステップどうしを並べて比べられるようにします（先に色を固定しておくと、どの絵でも同じ色が同じ値を表します）。</translation>
    </message>
    <message>
        <source>Clear strip</source>
        <translation>ストリップを消去</translation>
    </message>
    <message>
        <source>Remove the captured pictures</source>
        <translation type="vanished">キャプチャした絵を消します</translation>
    </message>
    <message>
        <source>distinct: how many of conv1&apos;s filters differ from one another (1: all copies, symmetry not broken).
structure: the mean correlation of horizontally and vertically neighbouring weights within conv1&apos;s 5×5 filters: about 0 for random noise, near 1 for smooth filters.</source>
        <translation type="vanished">相異なる：conv1 のフィルタのうち、互いに異なるものの数（1 ならすべて同じもののコピーで、対称性が崩れていません）。
構造：conv1 の 5×5 フィルタの中で左右・上下に隣り合う重みどうしの相関の平均。ランダムなノイズならほぼ 0、滑らかなフィルタなら 1 に近くなります。</translation>
    </message>
    <message>
        <source>{0}&apos;s fixed colour range: values beyond it saturate</source>
        <translation>{0} の固定した色の範囲：これを超える値は飽和します</translation>
    </message>
    <message>
        <source>all</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>{0}: the {1} filters&apos; kernels for one {2} channel, or all of them</source>
        <translation>{0}: {1} 個のフィルタの、{2} の 1 チャンネルに対するカーネル、またはそのすべて</translation>
    </message>
    <message>
        <source>{0}: the filters&apos; kernels for one {1} channel, or all of them</source>
        <translation>{0}: フィルタの、{1} の 1 チャンネルに対するカーネル、またはそのすべて</translation>
    </message>
    <message>
        <source>Which {0} output channel (input channel of {1}) to show</source>
        <translation>表示する {0} の出力チャンネル ({1} の入力チャンネル)</translation>
    </message>
    <message>
        <source>filters</source>
        <translation>フィルタ</translation>
    </message>
    <message>
        <source>step {0}
{1}</source>
        <translation type="vanished">ステップ {0}
{1}</translation>
    </message>
    <message>
        <source>Keep the filters of the layer shown (the box beside) as they are drawn now, with their step, in that layer&apos;s filmstrip under the mosaics, to compare steps side by side (fix the colours first, so that a colour means the same value in every picture).</source>
        <translation>表示中の層（横のボックス）のフィルタを、今描かれているとおりにそのステップ数とともに、モザイクの下にあるその層のフィルムストリップに残し、ステップどうしを並べて比べられるようにします（先に色を固定しておくと、どの絵でも同じ色が同じ値を表します）。</translation>
    </message>
    <message>
        <source>The layer shown (▶): the one the line below measures and Capture keeps. Each layer has its own filmstrip; switching layers shows that layer&apos;s and keeps the others.</source>
        <translation>表示中の層（▶）：下の行が測り、キャプチャが残す層です。フィルムストリップは層ごとにあります。層を切り替えるとその層のストリップが表示され、ほかの層のものは残ります。</translation>
    </message>
    <message>
        <source>Remove the captured pictures of the layer shown</source>
        <translation>表示中の層のキャプチャした絵を消します</translation>
    </message>
    <message>
        <source>Of the layer shown. distinct: how many of its filters differ from one another (1: all copies, symmetry not broken; a deeper conv&apos;s filter is all its kernels together).
structure: the mean correlation of horizontally and vertically neighbouring weights within its K×K kernels (every input channel&apos;s): about 0 for random noise, near 1 for smooth filters.</source>
        <translation>表示中の層について。相異なる：そのフィルタのうち、互いに異なるものの数（1 ならすべて同じもののコピーで、対称性が崩れていません。深い畳み込み層では、一つのフィルタはそのすべてのカーネルをまとめたものです）。
構造：その K×K カーネル（すべての入力チャンネルのもの）の中で左右・上下に隣り合う重みどうしの相関の平均。ランダムなノイズならほぼ 0、滑らかなフィルタなら 1 に近くなります。</translation>
    </message>
    <message>
        <source>{0} · step {1}
{2}</source>
        <translation>{0} · ステップ {1}
{2}</translation>
    </message>
    <message>
        <source>Show change since step {0}</source>
        <translation>ステップ {0} からの変化を表示</translation>
    </message>
    <message>
        <source>change since step {0}</source>
        <translation>ステップ {0} からの変化</translation>
    </message>
    <message>
        <source> · per-tile range</source>
        <translation> · タイルごとの範囲</translation>
    </message>
    <message>
        <source> · fixed colours</source>
        <translation> · 固定した色</translation>
    </message>
    <message>
        <source>{0} filters on the image</source>
        <translation>画像へのフィルタ {0} 個</translation>
    </message>
    <message>
        <source>{0} filters on {1}&apos;s one channel</source>
        <translation>{1} の 1 チャンネルへのフィルタ {0} 個</translation>
    </message>
    <message>
        <source>{0} · {1} · step {2:,}</source>
        <translation>{0} · {1} · ステップ {2:,}</translation>
    </message>
    <message>
        <source>{0} · {1} filters&apos; kernels for {2} channel {3}</source>
        <translation>{0} · {2} のチャンネル {3} に対する {1} 個のフィルタのカーネル</translation>
    </message>
    <message>
        <source>{0} · all kernels (row = input channel, column = filter)</source>
        <translation>{0} · すべてのカーネル (行 = 入力チャンネル、列 = フィルタ)</translation>
    </message>
    <message>
        <source>{2}: {0} filters, {1} distinct · no structure to measure in 1×1 kernels</source>
        <translation>{2}：フィルタ {0} 個、うち相異なるもの {1} 個 · 1×1 のカーネルには測れる構造がありません</translation>
    </message>
    <message>
        <source>{5}: {0} filters, {1} distinct · structure {2}, of the {3}: {4} (noise ≈ 0, smooth ≈ 1)</source>
        <translation>{5}：フィルタ {0} 個、うち相異なるもの {1} 個 · 構造 {2}、{3}の構造 {4}（ノイズ ≈ 0、滑らか ≈ 1）</translation>
    </message>
    <message>
        <source>{3}: {0} filters, {1} distinct · structure {2} (noise ≈ 0, smooth ≈ 1)</source>
        <translation>{3}：フィルタ {0} 個、うち相異なるもの {1} 個 · 構造 {2}（ノイズ ≈ 0、滑らか ≈ 1）</translation>
    </message>
    <message>
        <source>conv1: {0} filters, {1} distinct · structure {2}, of the {3}: {4} (noise ≈ 0, smooth ≈ 1)</source>
        <translation type="vanished">conv1：フィルタ {0} 個、うち相異なるもの {1} 個 · 構造 {2}、{3}の構造 {4}（ノイズ ≈ 0、滑らか ≈ 1）</translation>
    </message>
    <message>
        <source>conv1: {0} filters, {1} distinct · structure {2} (noise ≈ 0, smooth ≈ 1)</source>
        <translation type="vanished">conv1：フィルタ {0} 個、うち相異なるもの {1} 個 · 構造 {2}（ノイズ ≈ 0、滑らか ≈ 1）</translation>
    </message>
</context>
<context>
    <name>Follower</name>
    <message>
        <source>Stopped following the recording: {0}</source>
        <extracomment>How often a followed recording is looked at again. The recording has new steps: (the recording, True if the panels should move to its end). Following ended or could not go on: one line for the timeline and the status bar. True when the panels show the newest step recorded (they then follow).</extracomment>
        <translation>記録の追跡をやめました: {0}</translation>
    </message>
    <message>
        <source>The run finished ({0}); the whole recording can be replayed</source>
        <translation>学習が終わりました({0})。記録全体を再生できます</translation>
    </message>
    <message>
        <source>Nothing was written for {0:.0f} s: no longer following (open the recording again to follow it once it goes on)</source>
        <translation>{0:.0f} 秒間なにも書き込まれませんでした。追跡をやめます(学習が再開したら、記録を開き直すと再び追跡します)</translation>
    </message>
</context>
<context>
    <name>FoolWindow</name>
    <message>
        <source>Fool the network</source>
        <extracomment>``source()`` gives (the canvas&apos;s source key, its name in words). The user asks for the fooled image (28x28 float array) as the probe of every panel.</extracomment>
        <translation>ネットワークをだます</translation>
    </message>
    <message>
        <source>the drawing</source>
        <translation>描いた数字</translation>
    </message>
    <message>
        <source>the probe</source>
        <translation>プローブ</translation>
    </message>
    <message>
        <source>ε: how much any one pixel may change, as a fraction of full ink (0.20: a fifth of the way from black to white). Larger fools more often but shows more.</source>
        <translation>ε：1 つのピクセルを変えてよい最大量です。インクいっぱいに対する割合で表します（0.20 なら黒から白までの 5 分の 1）。大きくするとだましやすくなりますが、変化が目立ちます。</translation>
    </message>
    <message>
        <source>Fool it</source>
        <translation>だます</translation>
    </message>
    <message>
        <source>Search for the change (Ctrl+Return)</source>
        <translation>変化を探します（Ctrl+Return）</translation>
    </message>
    <message>
        <source>Fool the model on</source>
        <translation>だます画像：</translation>
    </message>
    <message>
        <source>Make it answer</source>
        <translation>答えさせる数字</translation>
    </message>
    <message>
        <source>largest change per pixel ε</source>
        <translation>ピクセルごとの最大変化 ε</translation>
    </message>
    <message>
        <source>original</source>
        <translation>元の画像</translation>
    </message>
    <message>
        <source>the change</source>
        <translation>変化</translation>
    </message>
    <message>
        <source>fooled</source>
        <translation>だました画像</translation>
    </message>
    <message>
        <source>Use the fooled image as probe</source>
        <translation>だました画像をプローブに使う</translation>
    </message>
    <message>
        <source>See in the feature-map panel what the fooled image does inside the network</source>
        <translation>だました画像がネットワークの中で何を起こすかを特徴マップのパネルで見ます</translation>
    </message>
    <message>
        <source>the probe (a drawn image)</source>
        <translation>プローブ（描いた画像）</translation>
    </message>
    <message>
        <source>, a {0}</source>
        <translation>、{0}</translation>
    </message>
    <message>
        <source>the probe (test image #{0}{1})</source>
        <translation>プローブ（テスト画像 #{0}{1}）</translation>
    </message>
    <message>
        <source>No probe yet: pick one in the feature-map panel (View &gt; Feature maps).</source>
        <translation>まだプローブがありません。特徴マップのパネルで選んでください（表示 &gt; 特徴マップ）。</translation>
    </message>
    <message>
        <source>model: {0}</source>
        <translation>モデル：{0}</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>探しています…</translation>
    </message>
    <message>
        <source>Pick the digit the model is to answer and press &lt;b&gt;Fool it&lt;/b&gt;.</source>
        <translation>モデルに答えさせたい数字を選び、&lt;b&gt;だます&lt;/b&gt; を押してください。</translation>
    </message>
    <message>
        <source>probabilities</source>
        <translation>確率</translation>
    </message>
    <message>
        <source>probabilities · {0} wins</source>
        <translation>確率 · {0} が最大</translation>
    </message>
    <message>
        <source>{0}: the model says {1} ({2:.0%})</source>
        <translation>{0}：モデルの答えは {1}（{2:.0%}）</translation>
    </message>
    <message>
        <source>the change: none needed</source>
        <translation>変化：不要</translation>
    </message>
    <message>
        <source>The model already answers {0} for this image: pick another digit.</source>
        <translation>モデルはこの画像にすでに {0} と答えています。別の数字を選んでください。</translation>
    </message>
    <message>
        <source>the change, ×{0:.1f} · &lt;span style=&apos;color:#f66&apos;&gt;more ink&lt;/span&gt; / &lt;span style=&apos;color:#6af&apos;&gt;less ink&lt;/span&gt;</source>
        <translation>変化（×{0:.1f}）· &lt;span style=&apos;color:#f66&apos;&gt;インクを足す&lt;/span&gt; / &lt;span style=&apos;color:#6af&apos;&gt;インクを減らす&lt;/span&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;How big is the change?&lt;/b&gt;&lt;br&gt;At most &lt;b&gt;{0:.2f}&lt;/b&gt; of full ink on any pixel (ε = {1:.2f})&lt;br&gt;{2} of the 784 pixels changed, by {3:.3f} on average&lt;br&gt;In all, as much change as {4:.1f} pixels going from black to full ink (L2 norm {5:.2f})</source>
        <translation>&lt;b&gt;変化の大きさ&lt;/b&gt;&lt;br&gt;どのピクセルもインクいっぱいの &lt;b&gt;{0:.2f}&lt;/b&gt; 以内（ε = {1:.2f}）&lt;br&gt;784 ピクセルのうち {2} ピクセルが変化、平均 {3:.3f}&lt;br&gt;全体では、{4:.1f} ピクセルを黒からインクいっぱいにしたのと同じだけの変化（L2 ノルム {5:.2f}）</translation>
    </message>
    <message>
        <source>&lt;b&gt;Fooled&lt;/b&gt; in {1:.0f} ms (gradient steps: {0}): the model now answers &lt;b&gt;{2}&lt;/b&gt; ({3:.0%}) for an image a person still reads as a {4}.</source>
        <translation>{1:.0f} ms で&lt;b&gt;だませました&lt;/b&gt;（勾配のステップ：{0}）。人にはまだ {4} に見える画像に、モデルは &lt;b&gt;{2}&lt;/b&gt;（{3:.0%}）と答えます。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Not fooled&lt;/b&gt; within ε = {0:.2f}: after all {1} gradient steps the model still answers {2} ({3:.0%}). Try a larger ε (say {4:.2f}).</source>
        <translation>ε = {0:.2f} 以内では&lt;b&gt;だませませんでした&lt;/b&gt;。勾配のステップを {1} 回すべて使っても、モデルの答えは {2}（{3:.0%}）のままです。もっと大きな ε（たとえば {4:.2f}）を試してください。</translation>
    </message>
    <message>
        <source>Nothing to fool: draw a digit in the canvas first.</source>
        <translation>だます画像がありません。まずキャンバスに数字を描いてください。</translation>
    </message>
    <message>
        <source>What this teaches</source>
        <translation>ここから学べること</translation>
    </message>
    <message>
        <source>A change that a person reads as faint noise, not as a stroke, makes the network answer another digit. Its decision boundary, the surface where its answer switches from one digit to another, passes close to every image, in directions a person does not notice: in 784 dimensions, many tiny changes of single pixels add up to a large change of a score. The direction is what matters, not the size: random noise of ±0.2 changes none of the shipped CNN&apos;s answers on 200 test digits, while a change of at most 0.2 that follows the gradient turns every one of 100 into the digit asked for.</source>
        <translation>人には線ではなくかすかなノイズにしか見えない変化で、ネットワークは別の数字を答えます。ネットワークの決定境界（答えがある数字から別の数字に切り替わる面）は、どの画像のすぐ近くも通っています。それも人が気づかない方向にです。784 次元では、1 ピクセルずつのごく小さな変化が積み重なってスコアの大きな変化になります。効くのは大きさではなく方向です。±0.2 のランダムなノイズでは同梱の CNN の答えはテスト画像 200 枚のどれも変わりませんが、勾配に沿った 0.2 以内の変化では 100 枚すべてが指定した数字になります。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Softmax regression&lt;/b&gt; is linear: each digit&apos;s score is the sum of pixel × weight. So the change that helps the target most is, pixel by pixel, the sign of the target&apos;s weight template minus the original digit&apos;s (the templates of the softmax weights panel), wherever the pixel can still move that way: more ink off the strokes, less on them. The &lt;b&gt;CNN&lt;/b&gt; is not linear, but close to one image it behaves almost linearly, and it is fooled the same way.</source>
        <translation>&lt;b&gt;ソフトマックス回帰&lt;/b&gt;は線形です。各数字のスコアはピクセル × 重みの和です。ですから目標の数字を最も助ける変化は、ピクセルごとに「目標の数字の重みのテンプレート − 元の数字のテンプレート」の符号になります（テンプレートはソフトマックスの重みのパネルで見られます）。ただしピクセルがその向きにまだ動ける所だけです：線の外ではインクを足し、線の上では減らします。&lt;b&gt;CNN&lt;/b&gt; は線形ではありませんが、1 枚の画像の近くではほとんど線形にふるまうので、同じようにだまされます。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Defences.&lt;/b&gt; &lt;i&gt;Adversarial (robust) training&lt;/i&gt; makes such images during training and teaches the network their right answer; it then needs much larger, visible changes, and its changes start to look like strokes of the target digit. It costs several times the training time and a little accuracy on clean digits.</source>
        <translation>&lt;b&gt;防ぐには&lt;/b&gt;：&lt;i&gt;敵対的訓練（ロバスト学習）&lt;/i&gt;では、学習中にこうした画像を作り、その正しい答えをネットワークに教えます。するとだますにはずっと大きな、目に見える変化が必要になり、その変化は目標の数字の線のように見えてきます。代わりに学習時間が数倍かかり、ふつうの数字での正解率が少し下がります。</translation>
    </message>
    <message>
        <source>How: one FGSM step (every pixel moves by ε/2 in the direction that makes the target more likely: the sign of the gradient of the loss), then PGD steps of ε/4, each kept within ε of the original and within black..white, stopping as soon as the model answers the target (at most {0} steps).</source>
        <translation>方法：まず FGSM のステップを 1 回（各ピクセルを、目標の数字がより確からしくなる向き、つまり損失の勾配の符号の向きに ε/2 動かす）、続いて ε/4 ずつの PGD のステップ。どのステップでも元の画像から ε 以内、黒から白の範囲に収め、モデルが目標の数字を答えたところで止めます（最大 {0} ステップ）。</translation>
    </message>
</context>
<context>
    <name>HelpDialog</name>
    <message>
        <source>What am I looking at?</source>
        <translation>何が表示されているの？</translation>
    </message>
    <message>
        <source>&lt;p&gt;Each panel shows one view of the model while it trains. Press &lt;b&gt;Start&lt;/b&gt; (Ctrl+Return), &lt;b&gt;Pause&lt;/b&gt; (Space) or &lt;b&gt;Step&lt;/b&gt; one batch at a time (F10). Panels can be moved, tabbed, floated and closed; View brings them back.&lt;/p&gt;</source>
        <translation>&lt;p&gt;各パネルは、学習中のモデルを一つの視点から見せます。&lt;b&gt;開始&lt;/b&gt;（Ctrl+Return）、&lt;b&gt;一時停止&lt;/b&gt;（Space）、または 1 ミニバッチずつ&lt;b&gt;ステップ&lt;/b&gt;実行（F10）してください。パネルは移動・タブ化・切り離し・クローズができ、「表示」メニューで元に戻せます。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;New here? &lt;b&gt;Help &amp;gt; Start here&lt;/b&gt; goes through the tutorials&apos; ideas in their order. &lt;b&gt;Help &amp;gt; Lessons&lt;/b&gt; trains networks side by side on the same batches, starting with &lt;a href=&apos;lesson:init&apos;&gt;why small random weights?&lt;/a&gt; (what the &lt;i&gt;Init&lt;/i&gt; box of the Training controls changes).&lt;/p&gt;</source>
        <translation>&lt;p&gt;はじめての方は &lt;b&gt;ヘルプ &amp;gt; はじめに&lt;/b&gt; で、チュートリアルの考え方をその順に見ていけます。&lt;b&gt;ヘルプ &amp;gt; レッスン&lt;/b&gt; は、複数のネットワークを同じミニバッチで並べて学習します。最初は &lt;a href=&apos;lesson:init&apos;&gt;なぜ重みは小さな乱数で初期化するの？&lt;/a&gt;（学習の設定の &lt;i&gt;初期化&lt;/i&gt; が変えるもの）です。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>shown for the {0} models</source>
        <translation>{0} モデルで表示</translation>
    </message>
    <message>
        <source>shown for the {0} model</source>
        <translation>{0} モデルで表示</translation>
    </message>
</context>
<context>
    <name>InitColumn</name>
    <message>
        <source>How this network&apos;s weights start (change it while no run is going)</source>
        <extracomment>&quot;idle&quot; | &quot;running&quot; | &quot;paused&quot; (from the controller)</extracomment>
        <translation>このネットワークの重みの初期値（学習していないときに変えられます）</translation>
    </message>
    <message>
        <source>{0} filters, {1} distinct</source>
        <translation>フィルタ {0} 個、うち相異なるもの {1} 個</translation>
    </message>
    <message>
        <source>{0} (all exactly 0)</source>
        <translation>{0}（すべてちょうど 0）</translation>
    </message>
    <message>
        <source>conv1 · change since step 0 · step {0}</source>
        <translation>conv1 · ステップ 0 からの変化 · ステップ {0}</translation>
    </message>
    <message>
        <source>conv1 change since step 0 of filter {0} ({1})</source>
        <translation>conv1 のフィルタ {0} のステップ 0 からの変化（{1}）</translation>
    </message>
    <message>
        <source>conv1 · {0} filters · step {1}</source>
        <translation>conv1 · フィルタ {0} 個 · ステップ {1}</translation>
    </message>
    <message>
        <source>conv1 filter {0} ({1})</source>
        <translation>conv1 のフィルタ {0}（{1}）</translation>
    </message>
    <message>
        <source>Every filter is exactly 0 and no gradient reaches it.</source>
        <translation>どのフィルタもちょうど 0 で、勾配が届きません。</translation>
    </message>
    <message>
        <source>Every filter starts at exactly 0.</source>
        <translation>どのフィルタもちょうど 0 から始まります。</translation>
    </message>
    <message>
        <source>The filters have moved, but all {0} are still one and the same filter.</source>
        <translation>フィルタは動きましたが、{0} 個すべてが今も同じ 1 つのフィルタです。</translation>
    </message>
    <message>
        <source>All {0} filters start identical.</source>
        <translation>{0} 個のフィルタはすべて同じ値から始まります。</translation>
    </message>
    <message>
        <source>{0} different random filters: each will get its own gradient.</source>
        <translation>{0} 個の異なる乱数のフィルタ：それぞれが自分の勾配を受け取ります。</translation>
    </message>
    <message>
        <source>{0} different filters, each learning its own feature.</source>
        <translation>{0} 個の異なるフィルタが、それぞれ自分の特徴を学んでいます。</translation>
    </message>
    <message>
        <source>largest change of a weight since step 0: {0}</source>
        <translation>ステップ 0 からの重みの最大の変化：{0}</translation>
    </message>
    <message>
        <source>mean distance between two filters: {0}</source>
        <translation>2 つのフィルタの間の平均距離：{0}</translation>
    </message>
    <message>
        <source>step {0} of {1} · loss {2} · batch accuracy {3}</source>
        <translation>ステップ {0} / {1} · 損失 {2} · ミニバッチ正解率 {3}</translation>
    </message>
    <message>
        <source>test accuracy {0} (step {1})</source>
        <translation>テスト正解率 {0}（ステップ {1}）</translation>
    </message>
    <message>
        <source>not trained yet: press Start</source>
        <translation>まだ学習していません：「開始」を押してください</translation>
    </message>
</context>
<context>
    <name>InitExperiment</name>
    <message>
        <source>All zeros</source>
        <extracomment>Snapshots of conv1 per second and network: enough to watch, cheap to copy. The initialisations a column can show, in menu order. core.experiments.INIT_TITLES, marked for translation.</extracomment>
        <translation>すべて 0</translation>
    </message>
    <message>
        <source>All equal (constant)</source>
        <translation>すべて同じ値（定数）</translation>
    </message>
    <message>
        <source>Tutorial: truncated normal</source>
        <translation>チュートリアル：切断正規分布</translation>
    </message>
    <message>
        <source>He (Kaiming) normal</source>
        <translation>He（Kaiming）の正規分布</translation>
    </message>
    <message>
        <source>Auto: He or Xavier by activation</source>
        <translation>自動：活性化関数に応じて He か Xavier</translation>
    </message>
    <message>
        <source>Why start from small random weights?</source>
        <extracomment>The explanation&apos;s paragraphs (HTML), in order; the fourth names the &quot;All equal&quot; init, the last the experiment&apos;s settings.</extracomment>
        <translation>なぜ重みは小さな乱数から始めるの？</translation>
    </message>
    <message>
        <source>&lt;b&gt;Symmetry.&lt;/b&gt; Filters that start equal compute the same output and pass it on through equal weights, so they get the same gradient, so every step changes them in the same way: they stay copies of each other, and 32 filters do the work of one. Random starting values make each filter different; each then gets its own gradient and learns its own feature.</source>
        <translation>&lt;b&gt;対称性。&lt;/b&gt;同じ値から始まったフィルタは同じ出力を計算し、同じ重みを通して次へ渡すので、同じ勾配を受け取ります。だから毎ステップ同じように変わり、互いのコピーのままで、32 個のフィルタが 1 個分の仕事しかしません。乱数の初期値なら各フィルタが異なり、それぞれが自分の勾配を受け取って自分の特徴を学びます（対称性の破れ）。</translation>
    </message>
    <message>
        <source>&lt;b&gt;All zeros&lt;/b&gt;: worse still, nothing moves at all. Every ReLU receives exactly 0, and a ReLU at 0 passes no gradient back, so no weight before the output layer ever changes. Only the ten output biases learn how common each digit is: about 11&amp;nbsp;% accuracy.</source>
        <translation>&lt;b&gt;すべて 0&lt;/b&gt;：さらに悪く、何も動きません。どの ReLU にもちょうど 0 が入り、0 での ReLU は勾配を逆に伝えないので、出力層より前の重みは一度も変わりません。学習するのは出力の 10 個のバイアスだけで、各数字がどれだけよく現れるかを覚えるだけです：正解率は約 11&amp;nbsp;%。</translation>
    </message>
    <message>
        <source>&lt;b&gt;All equal&lt;/b&gt; (pick &lt;i&gt;{0}&lt;/i&gt; above a column): the filters do move, but in lockstep and stay &quot;1 distinct&quot;. Dropout switches each of the 1,024 fc1 units off at random on its own, so those units become different and the network still learns something; but every conv channel feeds fc1 through identical weights, so the filters never split.</source>
        <translation>&lt;b&gt;すべて同じ値&lt;/b&gt;（列の上で &lt;i&gt;{0}&lt;/i&gt; を選びます）：フィルタは動きますが、そろって動き「相異なるもの 1 個」のままです。ドロップアウトは fc1 の 1,024 個のユニットをそれぞれ独立にランダムに切るので、それらのユニットは互いに異なってゆき、ネットワークはいくらか学習します。しかし畳み込みのどのチャネルも同じ重みで fc1 につながっているので、フィルタは決して分かれません。</translation>
    </message>
    <message>
        <source>&lt;b&gt;The tutorial&apos;s choice&lt;/b&gt;: &lt;code&gt;truncated_normal(stddev=0.1)&lt;/code&gt; (a normal distribution cut off at &amp;plusmn;0.2) and biases 0.1. &lt;i&gt;Random&lt;/i&gt; breaks the symmetry. &lt;i&gt;Small&lt;/i&gt;, because large weights make the activations, and so the first steps, explode. Bias &lt;i&gt;0.1&lt;/i&gt; keeps every ReLU slightly on at the start, so gradients flow from the first step.</source>
        <translation>&lt;b&gt;チュートリアルの選択&lt;/b&gt;：&lt;code&gt;truncated_normal(stddev=0.1)&lt;/code&gt;（&amp;plusmn;0.2 で切った正規分布）と、バイアス 0.1。&lt;i&gt;乱数&lt;/i&gt;であることが対称性を破ります。&lt;i&gt;小さい&lt;/i&gt;のは、大きな重みでは活性化が、したがって最初のステップが爆発するからです。バイアス &lt;i&gt;0.1&lt;/i&gt; は最初どの ReLU も少しだけオンにしておくので、最初のステップから勾配が流れます。</translation>
    </message>
    <message>
        <source>Both networks: the same seed and the same batches of {0} images, dropout keep 0.5, Adam with learning rate {1}: ten times the tutorial&apos;s 1e-4, so that the filters change visibly within a few hundred steps. Test accuracy: the first {2} test images, every 100 steps. Two filters count as the same when no weight differs by more than {3} of the layer&apos;s largest weight.</source>
        <translation>どちらのネットワークも：同じシード、{0} 枚ずつの同じミニバッチ、ドロップアウトの保持確率 0.5、学習率 {1} の Adam（チュートリアルの 1e-4 の 10 倍。数百ステップでフィルタの変化が見えるように）。テスト正解率：最初の {2} 枚のテスト画像で 100 ステップごと。どの重みの差も層の最大の重みの {3} 以下なら、2 つのフィルタは同じとみなします。</translation>
    </message>
    <message>
        <source>Concepts: initialisation</source>
        <translation>概念：重みの初期化</translation>
    </message>
    <message>
        <source>Network: the tutorial CNN.</source>
        <translation>ネットワーク：チュートリアルの CNN。</translation>
    </message>
    <message>
        <source>softmax regression</source>
        <translation>ソフトマックス回帰</translation>
    </message>
    <message>
        <source>Network: the tutorial CNN ({0}, chosen in the main window, has no convolution layer to compare).</source>
        <translation>ネットワーク：チュートリアルの CNN（メインウィンドウで選んだ {0} には、比べる畳み込み層がありません）。</translation>
    </message>
    <message>
        <source>Network: {0} (chosen in the main window).</source>
        <translation>ネットワーク：{0}（メインウィンドウで選んだもの）。</translation>
    </message>
</context>
<context>
    <name>InitExperimentWindow</name>
    <message>
        <source>Experiment: why small random weights?</source>
        <translation>実験：なぜ重みは小さな乱数で初期化するの？</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>開始</translation>
    </message>
    <message>
        <source>Train both networks from their first step (or go on after Pause)</source>
        <translation>両方のネットワークを最初のステップから学習します（一時停止のあとは続きから）</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>一時停止</translation>
    </message>
    <message>
        <source>Pause both networks</source>
        <translation>両方のネットワークを一時停止します</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>リセット</translation>
    </message>
    <message>
        <source>Stop both and go back to the starting weights</source>
        <translation>両方を止めて、重みを初期値に戻します</translation>
    </message>
    <message>
        <source> steps</source>
        <translation> ステップ</translation>
    </message>
    <message>
        <source>How many batches each network trains on</source>
        <translation>各ネットワークが学習するミニバッチの数</translation>
    </message>
    <message>
        <source>Show change since step 0</source>
        <translation>ステップ 0 からの変化を表示</translation>
    </message>
    <message>
        <source>Draw how much every weight has moved since the start instead of the weights themselves: what the filters have learned so far</source>
        <translation>重みそのものの代わりに、最初から各重みがどれだけ動いたかを描きます：フィルタがここまでに学んだもの</translation>
    </message>
    <message>
        <source>The experiment trains the network chosen in the main window when it has a convolution layer, otherwise the tutorial CNN</source>
        <extracomment>Which network both columns train (and why, when it is not the main window&apos;s).</extracomment>
        <translation>メインウィンドウで選んだネットワークに畳み込み層があればそれを、なければチュートリアルの CNN を学習します</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>再開</translation>
    </message>
    <message>
        <source>Load MNIST in the main window first (File &gt; Choose data folder).</source>
        <translation>先にメインウィンドウで MNIST を読み込んでください（ファイル &gt; データフォルダを選ぶ）。</translation>
    </message>
    <message>
        <source>Paused.</source>
        <translation>一時停止中。</translation>
    </message>
    <message>
        <source>Training both networks…</source>
        <translation>両方のネットワークを学習中…</translation>
    </message>
    <message>
        <source>Done: {0} steps each. Start trains both again from step 0.</source>
        <translation>完了：それぞれ {0} ステップ。「開始」で両方をステップ 0 から学習し直します。</translation>
    </message>
    <message>
        <source>Press Start to train both networks on the same batches.</source>
        <translation>「開始」を押すと、両方のネットワークを同じミニバッチで学習します。</translation>
    </message>
</context>
<context>
    <name>LanguageChoice</name>
    <message>
        <source>English</source>
        <extracomment>The languages of the interface: code -&gt; name written in that language. The languages&apos; names in English (translated where they are shown, in context &quot;LanguageChoice&quot;).</extracomment>
        <translation>英語</translation>
    </message>
    <message>
        <source>Japanese</source>
        <translation>日本語</translation>
    </message>
    <message>
        <source>System ({0})</source>
        <extracomment>The language the code&apos;s strings are written in (needs no translation file). The saved setting&apos;s key and its value that follows the system. Overrides the setting (``en`` or ``ja``), e.g. ``MNIST_VIZ_LANG=ja mnist-viz``. Where the compiled translations are (``mnist_viz_&lt;code&gt;.qm``), beside the pretrained models. The context of panel titles and help texts (marked with QT_TRANSLATE_NOOP(&quot;Panel&quot;, ...)).</extracomment>
        <translation>システム（{0}）</translation>
    </message>
    <message>
        <source>The interface will be in {0} the next time the app starts.</source>
        <extracomment>The last &quot;takes effect at the next start&quot; message (tests read it).</extracomment>
        <translation>次回アプリを起動したときから、表示言語は{0}になります。</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>言語</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>言語(&amp;L)</translation>
    </message>
</context>
<context>
    <name>Lesson</name>
    <message>
        <source>How large a step? The learning rate</source>
        <translation>ステップの大きさは？ 学習係数</translation>
    </message>
    <message>
        <source>Gradient descent moves every weight against its gradient, times the learning rate. Three softmax regressions on the same batches show a rate too small, the tutorial&apos;s, and one so large that the loss explodes.</source>
        <translation>勾配降下法は、各重みを勾配と逆向きに、勾配×学習係数だけ動かします。同じバッチで学習する 3 つのソフトマックス回帰が、小さすぎる学習係数、チュートリアルの学習係数、そして損失が爆発するほど大きな学習係数を見せます。</translation>
    </message>
    <message>
        <source>Watch the ten templates: at 0.0001 they barely take shape, at 0.01 each turns into a blurred digit, and at 1.0 the loss leaves the chart within a few steps and the run stops, marked diverged.</source>
        <translation>10 個のテンプレートに注目してください。0.0001 ではほとんど形にならず、0.01 ではそれぞれがぼやけた数字になり、1.0 では数ステップで損失がグラフの外へ飛び出し、実行は「発散」として止まります。</translation>
    </message>
    <message>
        <source>Each step changes a weight by the learning rate times its gradient. Too small a rate takes tiny steps and learns slowly; too large a one overshoots the minimum, so every step lands on a steeper slope than the last, the weights grow without bound and the loss per example passes 100 (a random guess costs 2.3) or becomes NaN. The app watches for this: when a run&apos;s loss becomes NaN, infinite or larger than 100 per example, it pauses the run and shows the banner &quot;Training diverged: the loss ... Lower the learning rate and reset the weights&quot;, because nothing it learns after that point means anything.</source>
        <translation>各ステップは重みを学習係数×勾配だけ変えます。学習係数が小さすぎるとステップが小さく、学習が遅くなります。大きすぎると最小値を飛び越え、ステップのたびに前より急な斜面に着地し、重みは際限なく大きくなって、1 例あたりの損失が 100 を超える（でたらめに当てても 2.3）か NaN になります。アプリはこれを見張っています。損失が NaN、無限大、または 1 例あたり 100 を超えると、学習を一時停止して「学習が発散しました：損失が… 学習係数を下げて重みをリセットしてください」というバナーを出します。その時点からあとに学習したことには意味がないからです。</translation>
    </message>
    <message>
        <source>MNIST For ML Beginners: train_step = tf.train.GradientDescentOptimizer(0.01).minimize(cross_entropy) (the 0.01 is the learning rate η)</source>
        <translation>MNIST For ML Beginners：train_step = tf.train.GradientDescentOptimizer(0.01).minimize(cross_entropy)（0.01 が学習係数 η）</translation>
    </message>
    <message>
        <source>Too small: 0.0001</source>
        <translation>小さすぎる：0.0001</translation>
    </message>
    <message>
        <source>The tutorial&apos;s: 0.01</source>
        <translation>チュートリアルの値：0.01</translation>
    </message>
    <message>
        <source>Too large: 1.0</source>
        <translation>大きすぎる：1.0</translation>
    </message>
    <message>
        <source>Plain gradient descent, momentum or Adam?</source>
        <translation>ただの勾配降下法、モーメンタム、それとも Adam？</translation>
    </message>
    <message>
        <source>The same CNN trained on the same batches by three optimisers at their usual rates. Adam, which the tutorial&apos;s CNN uses, scales each weight&apos;s step by its own gradient history.</source>
        <translation>同じ CNN を、同じバッチで、3 つの最適化手法でそれぞれ標準的な学習係数で学習します。チュートリアルの CNN が使う Adam は、各重みのステップをその重み自身の勾配の履歴で調整します。</translation>
    </message>
    <message>
        <source>Watch the three loss curves: Adam&apos;s falls first, momentum&apos;s follows, and plain gradient descent&apos;s is still high when the others have flattened.</source>
        <translation>3 本の損失曲線に注目してください。Adam の損失が最初に下がり、モーメンタムが続き、ほかの 2 つが平らになったころも、ただの勾配降下法の損失はまだ高いままです。</translation>
    </message>
    <message>
        <source>Plain gradient descent takes a step proportional to the gradient, so weights whose gradients are small barely move. Momentum adds up the steps that keep pointing the same way (a ball rolling downhill). Adam divides each weight&apos;s average gradient by its typical size (the square root of the average squared gradient): every weight moves by about the learning rate, early steps are large, and the steps shrink as the gradients become noisy near a minimum.</source>
        <translation>ただの勾配降下法は勾配に比例したステップを取るので、勾配の小さい重みはほとんど動きません。モーメンタムは同じ向きを指し続けるステップを積み重ねます（坂を転がるボール）。Adam は各重みの勾配の平均をその典型的な大きさ（勾配の 2 乗の平均の平方根）で割ります。どの重みもほぼ学習係数の分だけ動き、始めのステップは大きく、最小値の近くで勾配がばらつくにつれてステップは小さくなります。</translation>
    </message>
    <message>
        <source>Deep MNIST for Experts: train_step = tf.train.AdamOptimizer(1e-4).minimize(cross_entropy); the write-up: Adam replaces the gradient by its mean over its standard deviation</source>
        <translation>Deep MNIST for Experts：train_step = tf.train.AdamOptimizer(1e-4).minimize(cross_entropy)。まとめ記事では、Adam は傾きを（傾きの平均値）/（傾きの標準偏差）に置き換えるとあります</translation>
    </message>
    <message>
        <source>Gradient descent 0.01</source>
        <translation>勾配降下法 0.01</translation>
    </message>
    <message>
        <source>Momentum 0.9, 0.01</source>
        <translation>モーメンタム 0.9、0.01</translation>
    </message>
    <message>
        <source>Adam 0.001</source>
        <translation>Adam 0.001</translation>
    </message>
    <message>
        <source>Why ReLU? Vanishing gradients</source>
        <translation>なぜ ReLU？ 勾配消失</translation>
    </message>
    <message>
        <source>The same network of four convolutions with ReLU, sigmoid or tanh between them. Back-propagation multiplies the gradient by the activation&apos;s slope at every layer: sigmoid&apos;s is at most 0.25, so the first layers hardly learn.</source>
        <translation>4 つの畳み込み層の間に ReLU、シグモイド、tanh のいずれかを入れた同じネットワークです。誤差逆伝播法は層ごとに勾配に活性化関数の傾きを掛けます。シグモイドの傾きは最大でも 0.25 なので、最初のほうの層はほとんど学習しません。</translation>
    </message>
    <message>
        <source>Watch each network&apos;s gradient norms, layer by layer: with sigmoid the first layer&apos;s is thousands of times smaller than the last layer&apos;s, and its loss stays near 2.3 (guessing).</source>
        <translation>各ネットワークの層ごとの勾配のノルムに注目してください。シグモイドでは最初の層の勾配が最後の層の数千分の 1 になり、損失は 2.3（当てずっぽう）付近にとどまります。</translation>
    </message>
    <message>
        <source>Back-propagation sends the error from the output back to the input, multiplying it at every layer by the weights and by the slope of the activation. A sigmoid&apos;s slope is at most 0.25 (and near 0 where it saturates), so after four layers the gradient that reaches the first layer has shrunk by orders of magnitude: the vanishing gradient. ReLU&apos;s slope is 1 wherever it is active, so the gradient passes back undiminished; tanh&apos;s slope is 1 at 0, so it fares far better than sigmoid. A gradient that falls as the loss falls is convergence, not vanishing: vanishing is the early layers&apos; gradients far below the late ones&apos;, the ratio shown here.</source>
        <translation>誤差逆伝播法は誤差を出力から入力へ逆向きに伝え、層ごとに重みと活性化関数の傾きを掛けていきます。シグモイドの傾きは最大でも 0.25（飽和するところでは 0 に近い）なので、4 層を経て最初の層に届く勾配は桁違いに小さくなります。これが勾配消失です。ReLU の傾きは活性状態ならどこでも 1 なので、勾配は小さくならずに逆伝播します。tanh の傾きは 0 で 1 なので、シグモイドよりはるかにましです。損失が下がるにつれて勾配が小さくなるのは収束であって、消失ではありません。消失とは、前のほうの層の勾配が後ろのほうの層よりはるかに小さいことで、ここで示す比がそれです。</translation>
    </message>
    <message>
        <source>Deep MNIST for Experts: h_conv1 = tf.nn.relu(conv2d(x_image, W_conv1) + b_conv1); the write-up: ReLU&apos;s derivative is 1 where it is active, so back-propagation&apos;s gradients do not vanish</source>
        <translation>Deep MNIST for Experts：h_conv1 = tf.nn.relu(conv2d(x_image, W_conv1) + b_conv1)。まとめ記事では、ReLU は微分すると活性状態なら 1 となるので、誤差逆伝播法で勾配が消えないとあります</translation>
    </message>
    <message>
        <source>ReLU</source>
        <translation>ReLU</translation>
    </message>
    <message>
        <source>Sigmoid</source>
        <translation>シグモイド</translation>
    </message>
    <message>
        <source>tanh</source>
        <translation>tanh</translation>
    </message>
    <message>
        <source>Dropout against over-fitting</source>
        <translation>ドロップアウトで過学習を防ぐ</translation>
    </message>
    <message>
        <source>A network of two hidden layers of 800 units trained on only 1,000 training images, without dropout and with keep probability 0.5. Without dropout it learns those images by heart and does worse on images it has never seen.</source>
        <translation>800 ユニットの隠れ層 2 つのネットワークを、たった 1,000 枚の訓練画像で、ドロップアウトなしと残す確率 0.5 のドロップアウトありで学習します。ドロップアウトなしではその画像を丸暗記し、見たことのない画像では成績が下がります。</translation>
    </message>
    <message>
        <source>Watch each network&apos;s two accuracies: on its 1,000 training images (measured with dropout off) both reach about 100 %; on the test set they stay lower, and the difference is the over-fitting. With dropout the test accuracy goes on rising after the training accuracy has reached 100 %.</source>
        <translation>各ネットワークの 2 つの正解率に注目してください。1,000 枚の訓練画像（ドロップアウトを切って測定）ではどちらもほぼ 100 % に達しますが、テストデータではそれより低く、その差が過学習です。ドロップアウトありでは、訓練画像の正解率が 100 % に達したあともテスト正解率が上がり続けます。</translation>
    </message>
    <message>
        <source>A network with over a million weights can memorise 1,000 images, noise included, instead of learning what makes a digit. Dropout switches off each input pixel and each hidden unit with probability 0.5 at every step, so no unit can rely on particular others being there: the network has to spread what it knows, which generalises better. At test time every unit is on. The training accuracy here is measured on the images trained on, with dropout off as for the test set: the batch accuracy the Loss panel shows is one batch with dropout on, which cannot show the gap.</source>
        <translation>100 万を超える重みを持つネットワークは、数字を数字たらしめるものを学ぶ代わりに、ノイズも含めて 1,000 枚の画像を覚えてしまえます。ドロップアウトは、ステップごとに入力の各ピクセルと隠れ層の各ユニットを確率 0.5 で切るので、どのユニットも特定のほかのユニットがいることを当てにできません。ネットワークは知っていることを分散して持つしかなく、そのほうが汎化します。テストのときはすべてのユニットが使われます。ここでの訓練正解率は、学習に使った画像で、テストデータと同じくドロップアウトを切って測っています。損失パネルが示すバッチの正解率はドロップアウトありの 1 バッチなので、この差は見えません。</translation>
    </message>
    <message>
        <source>Deep MNIST for Experts: h_fc1_drop = tf.nn.dropout(h_fc1, keep_prob), trained with keep_prob 0.5 and tested with 1.0 (here in a fully connected network, where the effect shows within a minute)</source>
        <translation>Deep MNIST for Experts：h_fc1_drop = tf.nn.dropout(h_fc1, keep_prob)。keep_prob 0.5 で学習し、1.0 でテストします（ここでは効果が 1 分以内に見える全結合のネットワークで）</translation>
    </message>
    <message>
        <source>No dropout (keep 1.0)</source>
        <translation>ドロップアウトなし（keep 1.0）</translation>
    </message>
    <message>
        <source>Dropout (keep 0.5)</source>
        <translation>ドロップアウトあり（keep 0.5）</translation>
    </message>
    <message>
        <source>Why small random weights? Initialisation and symmetry</source>
        <translation>なぜ小さな乱数で初期化するのか？ 初期化と対称性</translation>
    </message>
    <message>
        <source>The same CNN started from all zeros, from all-equal weights, from the tutorial&apos;s small random numbers and from He&apos;s. Only random starts give 32 different filters.</source>
        <translation>同じ CNN を、すべて 0、すべて同じ値、チュートリアルの小さな乱数、He の初期値から始めます。32 個の異なるフィルタが得られるのは乱数で始めたときだけです。</translation>
    </message>
    <message>
        <source>Watch conv1&apos;s filters: from zeros they never move; from equal weights they move but stay 32 copies of one filter (1 distinct); from random starts they stay distinct and the network learns.</source>
        <translation>conv1 のフィルタに注目してください。0 から始めると一度も動かず、同じ値から始めると動きはしても 1 つのフィルタの 32 個のコピーのまま（異なるものは 1 個）で、乱数から始めると異なるまま保たれ、ネットワークは学習します。</translation>
    </message>
    <message>
        <source>All zeros fails because a ReLU whose input is 0 passes no gradient back: nothing before the output layer ever changes. All equal fails by symmetry: filters that start equal see the same input, get the same gradient and stay equal for ever, so 32 filters do the work of one. Small random numbers break the symmetry; He&apos;s initialisation scales them to each layer&apos;s size so that signals neither fade nor grow from layer to layer.</source>
        <translation>すべて 0 がうまくいかないのは、入力が 0 の ReLU が勾配を逆向きに伝えないからです。出力層より前は何も変わりません。すべて同じ値がうまくいかないのは対称性のためです。同じ値で始まったフィルタは同じ入力を見て同じ勾配を受け取り、いつまでも同じままなので、32 個のフィルタが 1 個分の仕事しかしません。小さな乱数はこの対称性を崩します。He の初期値はそれを各層の大きさに合わせて調整し、信号が層を進むごとに弱まりも強まりもしないようにします。</translation>
    </message>
    <message>
        <source>Deep MNIST for Experts: initial = tf.truncated_normal(shape, stddev=0.1) (the write-up ends asking why a little noise, and what symmetry breaking is)</source>
        <translation>Deep MNIST for Experts：initial = tf.truncated_normal(shape, stddev=0.1)（まとめ記事は、なぜ微量のノイズで初期化するのか、対称性の破れとは何なのか、という疑問で終わっています）</translation>
    </message>
    <message>
        <source>All zeros</source>
        <translation>すべて 0</translation>
    </message>
    <message>
        <source>All equal (constant)</source>
        <translation>すべて同じ値（定数）</translation>
    </message>
    <message>
        <source>Tutorial: truncated normal</source>
        <translation>チュートリアル：切断正規分布</translation>
    </message>
    <message>
        <source>He (Kaiming) normal</source>
        <translation>He（Kaiming）正規分布</translation>
    </message>
    <message>
        <source>{0} learned best: {1} test accuracy after {2} steps.</source>
        <translation>{0} が最もよく学習しました：{2} ステップ後のテスト正解率 {1}。</translation>
    </message>
    <message>
        <source>Unexpectedly, the network without dropout hardly over-fitted in this run (a gap of {0} points).</source>
        <translation>意外なことに、この実行ではドロップアウトなしのネットワークはほとんど過学習しませんでした（差は {0} ポイント）。</translation>
    </message>
    <message>
        <source>Unexpectedly, a symmetric start ({0}) learned best in this run.</source>
        <translation>意外なことに、この実行では対称な初期値（{0}）が最もよく学習しました。</translation>
    </message>
    <message>
        <source>No variant finished with a test accuracy: every one diverged or the run was stopped.</source>
        <translation>テスト正解率を得て終わった変種はありません。すべて発散したか、実行が止められました。</translation>
    </message>
    <message>
        <source>{0} diverged at step {1}: the loss reached {2} per example, where a random guess costs 2.3. Steps this large overshoot the minimum and the weights grow without bound; in the window the run would pause with the banner &quot;Training diverged&quot;.</source>
        <translation>{0} はステップ {1} で発散しました。損失は 1 例あたり {2} に達しました（でたらめに当てても 2.3 です）。これほど大きなステップは最小値を飛び越え、重みは際限なく大きくなります。ウィンドウでは「学習が発散しました」というバナーとともに学習が一時停止するところです。</translation>
    </message>
    <message>
        <source>Unexpectedly, {0} did not diverge in this run: it reached {1} test accuracy (loss {2}).</source>
        <translation>意外なことに、この実行では {0} は発散しませんでした。テスト正解率 {1}（損失 {2}）に達しました。</translation>
    </message>
    <message>
        <source>{0} learned too slowly: {1} test accuracy against {2} for {3} in the same {4} steps.</source>
        <translation>{0} は学習が遅すぎました。同じ {4} ステップで、テスト正解率は {1}、{3} は {2} でした。</translation>
    </message>
    <message>
        <source>Unexpectedly, {0} did as well as {1}: {2} against {3}.</source>
        <translation>意外なことに、{0} は {1} と同じくらいよく学習しました：{2} 対 {3}。</translation>
    </message>
    <message>
        <source>As the lesson expects, Adam came first: it moves every weight by about the learning rate whatever the size of its gradient, while plain gradient descent hardly moves the weights whose gradients are small.</source>
        <translation>このレッスンの予想どおり、Adam が 1 位でした。Adam は勾配の大きさにかかわらず、どの重みもほぼ学習係数の分だけ動かします。一方、ただの勾配降下法では勾配の小さい重みはほとんど動きません。</translation>
    </message>
    <message>
        <source>This run disagrees with the lesson: {0} came first, ahead of Adam ({1} against {2}).</source>
        <translation>この実行はレッスンの予想と異なります：{0} が 1 位で、Adam を上回りました（{1} 対 {2}）。</translation>
    </message>
    <message>
        <source>Momentum beat plain gradient descent ({0} against {1}) by adding up the steps that keep pointing the same way.</source>
        <translation>モーメンタムは、同じ向きを指し続けるステップを積み重ねることで、ただの勾配降下法を上回りました（{0} 対 {1}）。</translation>
    </message>
    <message>
        <source>Unexpectedly, momentum did not beat plain gradient descent in this run ({0} against {1}).</source>
        <translation>意外なことに、この実行ではモーメンタムはただの勾配降下法を上回りませんでした（{0} 対 {1}）。</translation>
    </message>
    <message>
        <source>{0}: the first layer&apos;s gradient norm was {1} times the last layer&apos;s.</source>
        <translation>{0}：最初の層の勾配のノルムは最後の層の {1} 倍でした。</translation>
    </message>
    <message>
        <source>{0}: {1} on the training images it learned from, {2} on the test set: a gap of {3} points.</source>
        <translation>{0}：学習に使った訓練画像で {1}、テストデータで {2}。差は {3} ポイントです。</translation>
    </message>
    <message>
        <source>Without dropout the network learned its training images by heart rather than the digits (over-fitting); dropout narrowed the gap by {0} points.</source>
        <translation>ドロップアウトなしのネットワークは、数字そのものよりも訓練画像を丸暗記しました（過学習）。ドロップアウトはこの差を {0} ポイント縮めました。</translation>
    </message>
    <message>
        <source>Unexpectedly, dropout did not narrow the gap in this run: {0} points with it against {1} without.</source>
        <translation>意外なことに、この実行ではドロップアウトは差を縮めませんでした：ドロップアウトありで {0} ポイント、なしで {1} ポイントです。</translation>
    </message>
    <message>
        <source>{0} diverged at step {1} (loss {2} per example) and stopped training.</source>
        <translation>{0} はステップ {1} で発散し（1 例あたりの損失 {2}）、学習を止めました。</translation>
    </message>
    <message>
        <source>Sigmoid&apos;s gradients vanished: on their way back to the first layer they shrank {0} times more than ReLU&apos;s, so its first layers hardly learned ({1} test accuracy against ReLU&apos;s {2}).</source>
        <translation>シグモイドの勾配は消失しました。最初の層へ逆伝播する間に ReLU の {0} 倍も小さくなったため、最初のほうの層はほとんど学習しませんでした（テスト正解率 {1}、ReLU は {2}）。</translation>
    </message>
    <message>
        <source>Unexpectedly, sigmoid&apos;s gradients did not vanish in this run: its first layer&apos;s gradient was {0} times its last layer&apos;s, against {1} with ReLU.</source>
        <translation>意外なことに、この実行ではシグモイドの勾配は消失しませんでした：最初の層の勾配は最後の層の {0} 倍で、ReLU では {1} 倍でした。</translation>
    </message>
    <message>
        <source>The test loss tells the same story: {0} without dropout against {1} with it.</source>
        <translation>テストデータの損失も同じことを示しています：ドロップアウトなしで {0}、ありで {1} です。</translation>
    </message>
    <message>
        <source>{0} never moved: conv1&apos;s filters are all still 0, because a ReLU whose input is 0 passes no gradient back ({1} test accuracy, about a guess).</source>
        <translation>{0} は一度も動きませんでした。conv1 のフィルタはすべて 0 のままです。入力が 0 の ReLU は勾配を逆向きに伝えないからです（テスト正解率 {1}、当てずっぽうと同程度）。</translation>
    </message>
    <message>
        <source>Unexpectedly, {0} moved (conv1&apos;s largest change {1}) and ended with {2} distinct filters.</source>
        <translation>意外なことに、{0} は動き（conv1 の最大の変化 {1}）、最後に異なるフィルタが {2} 個になりました。</translation>
    </message>
    <message>
        <source>{0}: the filters moved (by up to {1}) but stayed {2} copies of one filter, 1 distinct: filters that start equal get equal gradients (symmetry).</source>
        <translation>{0}：フィルタは動きました（最大 {1}）が、1 つのフィルタの {2} 個のコピーのまま、異なるものは 1 個です。同じ値で始まったフィルタは同じ勾配を受け取ります（対称性）。</translation>
    </message>
    <message>
        <source>Unexpectedly, {0} ended with {1} distinct filters of {2}: something broke the symmetry.</source>
        <translation>意外なことに、{0} は最後に {2} 個中 {1} 個の異なるフィルタになりました。何かが対称性を崩しました。</translation>
    </message>
    <message>
        <source>{0}: all {1} filters distinct, {2} test accuracy.</source>
        <translation>{0}：{1} 個のフィルタはすべて異なり、テスト正解率は {2} です。</translation>
    </message>
    <message>
        <source>Unexpectedly, {0} kept only {1} of {2} filters distinct.</source>
        <translation>意外なことに、{0} では {2} 個中 {1} 個のフィルタしか異なっていませんでした。</translation>
    </message>
</context>
<context>
    <name>LessonLauncher</name>
    <message>
        <source>There is no lesson {0!r}; the lessons are: {1}</source>
        <extracomment>lesson name -&gt; its open window (InitExperimentWindow for &quot;init&quot;, ExperimentWindow otherwise)</extracomment>
        <translation>レッスン {0!r} はありません。レッスンは次のとおりです：{1}</translation>
    </message>
    <message>
        <source>A run is going on: stop it first (Training &gt; Stop) to load {0}</source>
        <translation>学習中です：{0} を読み込むには、先に学習を停止してください（学習 &gt; 停止）</translation>
    </message>
    <message>
        <source>Loaded {0}: press Start (Ctrl+Return) to train</source>
        <translation>{0} を読み込みました：「開始」（Ctrl+Return）で学習します</translation>
    </message>
</context>
<context>
    <name>LossPanel</name>
    <message>
        <source>Smoothing of the bold curves: the weight of the moving average (0 = none)</source>
        <translation>太線の平滑化: 移動平均の重み (0 = なし)</translation>
    </message>
    <message>
        <source>Log y</source>
        <translation>対数 y 軸</translation>
    </message>
    <message>
        <source>Logarithmic loss axis: shows the slow progress late in training</source>
        <translation>損失の軸を対数にします: 学習の後半のゆっくりした進み具合が見えます</translation>
    </message>
    <message>
        <source>Follow</source>
        <translation>追従</translation>
    </message>
    <message>
        <source>Keep the whole run in view (turns off when you pan or zoom)</source>
        <translation>学習全体を表示し続けます (移動や拡大をすると切れます)</translation>
    </message>
    <message>
        <source>no run yet</source>
        <translation>まだ学習していません</translation>
    </message>
    <message>
        <source>Smoothing</source>
        <translation>平滑化</translation>
    </message>
    <message>
        <source>step</source>
        <translation>ステップ</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>損失</translation>
    </message>
    <message>
        <source>accuracy %</source>
        <translation>正解率 %</translation>
    </message>
    <message>
        <source>training loss</source>
        <translation>訓練の損失</translation>
    </message>
    <message>
        <source>test loss</source>
        <translation>テストの損失</translation>
    </message>
    <message>
        <source>batch accuracy</source>
        <translation>バッチの正解率</translation>
    </message>
    <message>
        <source>test accuracy</source>
        <translation>テスト正解率</translation>
    </message>
    <message>
        <source>training accuracy (dropout off)</source>
        <translation>訓練正解率（ドロップアウトなし）</translation>
    </message>
    <message>
        <source>Compare with a recording...</source>
        <translation>記録と比べる...</translation>
    </message>
    <message>
        <source>Draw another run&apos;s loss and test accuracy (dashed) over this one</source>
        <translation>別の学習の損失とテスト正解率を、この学習の上に破線で描きます</translation>
    </message>
    <message>
        <source>Remove comparison</source>
        <translation>比較を消す</translation>
    </message>
    <message>
        <source>Remove the runs drawn from File &gt; Runs...</source>
        <translation>「ファイル &gt; 学習の一覧」から重ねた学習を消す</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>比較</translation>
    </message>
    <message>
        <source>Compare with another run: its loss and test accuracy, dashed, from a recording (a folder written by &apos;mnist-viz train --record&apos; or File &gt; Record runs to folder)</source>
        <translation>別の学習と比べます: 記録 (&apos;mnist-viz train --record&apos; または ファイル &gt; 学習をフォルダに記録 で書かれたフォルダ) から、その損失とテスト正解率を破線で描きます</translation>
    </message>
    <message>
        <source>white: this run</source>
        <translation>白: この学習</translation>
    </message>
    <message>
        <source>Loss solid, test accuracy dashed:</source>
        <translation>損失は実線、テスト正解率は破線:</translation>
    </message>
    <message>
        <source>no steps yet</source>
        <translation>まだステップがありません</translation>
    </message>
    <message>
        <source>step {0:,}</source>
        <translation>ステップ {0:,}</translation>
    </message>
    <message>
        <source> · loss {0:.4g} · batch acc. {1:.1f} %</source>
        <translation> · 損失 {0:.4g} · バッチ正解率 {1:.1f} %</translation>
    </message>
    <message>
        <source> · test acc. {0:.2f} %</source>
        <translation> · テスト正解率 {0:.2f} %</translation>
    </message>
    <message>
        <source> · training acc. {0:.2f} %</source>
        <translation> · 訓練正解率 {0:.2f} %</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Training</source>
        <extracomment>How long closing the window waits for worker threads (training stops within a step). The data set is loaded and training can start. The data set could not be loaded (the message says why and what to do). PyTorch has been imported (in the background, after the window was shown). True once the docks are placed for the window&apos;s real size (after the first show). The training worker (runs the Trainer in a thread). What every panel is a view of: the weights shown, the probe, the data set (core.state). The lessons&apos; windows, Help &gt; Lessons and the Start-here page. Replaying recordings, recording runs, the timeline bar. Keeps the view state and feeds the panels from it whenever nothing trains.</extracomment>
        <translation>学習</translation>
    </message>
    <message>
        <source>&amp;Training controls</source>
        <translation>学習の設定(&amp;T)</translation>
    </message>
    <message>
        <source>Show or hide the {0} panel</source>
        <translation>「{0}」パネルを表示／非表示</translation>
    </message>
    <message>
        <source>The panels keep showing the run being trained; the Draw panel answers with the model chosen there</source>
        <translation>パネルは学習中のモデルを表示し続けます。手書きパネルはそこで選んだモデルで答えます</translation>
    </message>
</context>
<context>
    <name>MessageBanner</name>
    <message>
        <source>Messages</source>
        <translation>メッセージ</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>閉じる</translation>
    </message>
</context>
<context>
    <name>MissingDataDialog</name>
    <message>
        <source>{0} is not here yet</source>
        <translation>{0} がまだありません</translation>
    </message>
    <message>
        <source>The {0} data set is needed to train the models.</source>
        <translation>モデルの学習には {0} データセットが必要です。</translation>
    </message>
    <message>
        <source> On Debian or Ubuntu, &apos;sudo apt install {0}&apos; installs it for every user.</source>
        <translation> Debian や Ubuntu では「sudo apt install {0}」で全ユーザー向けにインストールできます。</translation>
    </message>
    <message>
        <source>It was looked for in {0}.

Download it there now (four files, about {1} MB), or choose a folder that already holds {2}/raw/ (File &gt; Choose data folder...).{3} The drawing canvas works without it.</source>
        <translation>{0} を探しましたが見つかりませんでした。

今そこにダウンロードする（4 ファイル、約 {1} MB）か、すでに {2}/raw/ があるフォルダを選んでください（ファイル &gt; データフォルダを選択...）。{3} 「数字を描く」パネルはデータなしでも使えます。</translation>
    </message>
    <message>
        <source>&amp;Download</source>
        <translation>ダウンロード(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Choose folder...</source>
        <translation>フォルダを選択(&amp;C)...</translation>
    </message>
    <message>
        <source>&amp;Not now</source>
        <translation>後で(&amp;N)</translation>
    </message>
</context>
<context>
    <name>NetworkDiagram</name>
    <message>
        <source>made by: {0}</source>
        <extracomment>The smallest height of a 28×28 block&apos;s face, in pixels (smaller pictures show nothing). A block was clicked: its part.</extracomment>
        <translation>作る層: {0}</translation>
    </message>
    <message>
        <source>{0} parameters, {1} FLOPs per image</source>
        <translation>パラメータ {0} 個、画像 1 枚あたり {1} FLOPs</translation>
    </message>
    <message>
        <source>the probe&apos;s activation appears here once a model is shown</source>
        <translation>モデルが表示されると、ここにプローブ画像の活性が出ます</translation>
    </message>
    <message>
        <source>predicted {0} ({1} %)</source>
        <translation>予測 {0}（{1} %）</translation>
    </message>
    <message>
        <source>picture: the probe image (0 = black, 1 = ink)</source>
        <translation>画像: プローブ画像（0 = 黒、1 = インク）</translation>
    </message>
    <message>
        <source>picture: channel {0}, the strongest for this image (values {1} to {2})</source>
        <translation>画像: チャンネル {0}（この画像でいちばん強く反応したもの。値 {1} 〜 {2}）</translation>
    </message>
    <message>
        <source>picture: the {0} units, row by row (values {1} to {2})</source>
        <translation>画像: {0} 個のユニットを行ごとに並べたもの（値 {1} 〜 {2}）</translation>
    </message>
    <message>
        <source>click: show this layer in the other panels</source>
        <translation>クリック: この層を他のパネルに表示</translation>
    </message>
</context>
<context>
    <name>NetworkPanel</name>
    <message>
        <source>Cannot draw the network: {0}</source>
        <translation>ネットワークを描けません: {0}</translation>
    </message>
    <message>
        <source>Numbers: channels × height × width (one map per channel), or units. Pictures: the probe&apos;s strongest channel. {0} parameters, {1} FLOPs per image. Click a block to show that layer in the other panels.</source>
        <translation>数字: チャンネル数 × 高さ × 幅（チャンネルごとに特徴マップが 1 枚）、またはユニット数。画像: プローブ画像でいちばん強く反応したチャンネル。パラメータ {0} 個、画像 1 枚あたり {1} FLOPs。ブロックをクリックすると、その層を他のパネルに表示します。</translation>
    </message>
    <message>
        <source>Numbers: 1×28×28 is the image (1 channel of 28×28 pixels); the others count a layer&apos;s units, and the output has one probability per class. {0} parameters, {1} FLOPs per image.</source>
        <translation>数字: 1×28×28 は画像（28×28 ピクセルが 1 チャンネル）。ほかは層のユニット数で、出力はクラスごとに 1 つの確率です。パラメータ {0} 個、画像 1 枚あたり {1} FLOPs。</translation>
    </message>
</context>
<context>
    <name>Panel</name>
    <message>
        <source>Draw a digit</source>
        <extracomment>The title for each data set&apos;s kind of item (core.datasets.DatasetInfo.item).</extracomment>
        <translation>数字を描く</translation>
    </message>
    <message>
        <source>Draw a garment</source>
        <translation>服を描く</translation>
    </message>
    <message>
        <source>Draw a character</source>
        <translation>文字を描く</translation>
    </message>
    <message>
        <source>&lt;b&gt;Test the model on your own handwriting.&lt;/b&gt; Draw a digit with the mouse, a pen or a finger (&lt;i&gt;Esc&lt;/i&gt; clears, &lt;i&gt;Ctrl+Z&lt;/i&gt; undoes a stroke), or load a picture.&lt;br&gt;&lt;b&gt;Model input&lt;/b&gt;: what the network really receives. Like MNIST, the ink&apos;s bounding box is scaled to 20 pixels (aspect kept), centred by its centre of mass in 28×28, bright ink on black. So where and how large you draw does not matter; very thin or very fat pens are evened out.&lt;br&gt;&lt;b&gt;Why&lt;/b&gt;: which pixels made the winning digit, four ways (the box above the picture; its tooltip says how to read each): Integrated Gradients (the default: red ink pushes the model towards its answer, blue ink away from it; for softmax regression exactly x·W, the tutorial&apos;s evidence), Saliency (the gradient), Grad-CAM (the last convolution layer&apos;s regions; CNN only) and Occlusion (patches blacked out in turn).&lt;br&gt;&lt;b&gt;Probabilities&lt;/b&gt;: from the shipped pretrained model, the model being trained (watch it improve as it learns), or a checkpoint file. &lt;i&gt;Use as probe&lt;/i&gt; shows your digit in the feature-map panel. &lt;i&gt;Fool it…&lt;/i&gt; changes your digit, barely visibly, until the model answers a digit you pick (an adversarial example).&lt;br&gt;&lt;b&gt;Not sure&lt;/b&gt;: when the model&apos;s score is below a threshold measured for it (on real digits against letters, scribbles and pairs of digits), the panel says so and gives its best guess instead of stating a digit. The score is a shipped model&apos;s energy score (the logsumexp of its outputs before the softmax: how strongly it answers at all, whichever digit), any other model&apos;s highest probability; the tooltip says which. The CNN is unsure of most scribbles but not of every letter; softmax regression is sure of almost anything: a network trained on digits only has no answer for &quot;none of these&quot;.</source>
        <translation>&lt;b&gt;自分の手書き文字でモデルを試します。&lt;/b&gt;マウス、ペン、指で数字を描くか（&lt;i&gt;Esc&lt;/i&gt; で消去、&lt;i&gt;Ctrl+Z&lt;/i&gt; で一画戻す）、画像を読み込んでください。&lt;br&gt;&lt;b&gt;モデルへの入力&lt;/b&gt;：ネットワークが実際に受け取る画像です。MNIST と同じように、インクの外接矩形を縦横比を保って 20 ピクセルに縮小し、重心が 28×28 の中心に来るように置き、黒地に明るいインクにします。ですから、どこにどの大きさで描いても構いません。極端に細いペンや太いペンもならされます。&lt;br&gt;&lt;b&gt;根拠&lt;/b&gt;：どのピクセルが一番確率の高い数字を生んだかを 4 通りで示します（画像の上の選択欄。そのツールチップに各方法の読み方があります）：Integrated Gradients（統合勾配。既定：赤いインクはモデルをその答えへ押し、青いインクは遠ざけます。ソフトマックス回帰ではちょうど x·W、チュートリアルの evidence です）、サリエンシー（勾配）、Grad-CAM（最後の畳み込み層が頼る領域。CNN のみ）、オクルージョン（部分を順に黒く覆う）。&lt;br&gt;&lt;b&gt;確率&lt;/b&gt;：同梱の学習済みモデル、学習中のモデル（学ぶにつれて良くなる様子が見えます）、またはチェックポイントファイルによる推論の結果です。&lt;i&gt;プローブに使う&lt;/i&gt; を押すと、描いた数字を特徴マップのパネルで見られます。&lt;i&gt;だます…&lt;/i&gt; を押すと、描いた数字を目立たないように変えて、選んだ数字をモデルに答えさせます（敵対的サンプル）。&lt;br&gt;&lt;b&gt;自信なし&lt;/b&gt;：モデルのスコアがそのモデルについて測ったしきい値（本物の数字と、文字・なぐり書き・2 つ並んだ数字とを比べて測ったもの）を下回るとき、パネルは数字を答える代わりにそう表示し、いちばん近い候補を示します。スコアは、同梱のモデルではエネルギースコア（ソフトマックスの前の出力の logsumexp：どの数字かにかかわらず、モデルがどれだけ強く答えているか）、それ以外のモデルでは最も高い確率です。どちらを使ったかはツールチップに出ます。CNN はなぐり書きの大半には自信なしと答えますが、すべての文字にではありません。ソフトマックス回帰はほとんど何にでも自信を持ちます。数字だけで学習したネットワークは「どれでもない」という答えを持たないからです。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Test the model on your own handwriting.&lt;/b&gt; Draw a digit with the mouse, a pen or a finger (&lt;i&gt;Esc&lt;/i&gt; clears, &lt;i&gt;Ctrl+Z&lt;/i&gt; undoes a stroke), or load a picture.&lt;br&gt;&lt;b&gt;Model input&lt;/b&gt;: what the network really receives. Like MNIST, the ink&apos;s bounding box is scaled to 20 pixels (aspect kept), centred by its centre of mass in 28×28, bright ink on black. So where and how large you draw does not matter; very thin or very fat pens are evened out.&lt;br&gt;&lt;b&gt;Why&lt;/b&gt;: which pixels made the winning digit, four ways (the box above the picture; its tooltip says how to read each): Integrated Gradients (the default: red ink pushes the model towards its answer, blue ink away from it; for softmax regression exactly x·W, the tutorial&apos;s evidence), Saliency (the gradient), Grad-CAM (the last convolution layer&apos;s regions; CNN only) and Occlusion (patches blacked out in turn).&lt;br&gt;&lt;b&gt;Probabilities&lt;/b&gt;: from the shipped pretrained model, the model being trained (watch it improve as it learns), or a checkpoint file. &lt;i&gt;Use as probe&lt;/i&gt; shows your digit in the feature-map panel. &lt;i&gt;Fool it…&lt;/i&gt; changes your digit, barely visibly, until the model answers a digit you pick (an adversarial example).&lt;br&gt;&lt;b&gt;Not sure&lt;/b&gt;: when the highest probability is below a threshold measured for the model (on real digits against letters, scribbles and pairs of digits), the panel says so and gives its best guess instead of stating a digit. The CNN is unsure of most scribbles but not of every letter; softmax regression is sure of almost anything: a network trained on digits only has no answer for &quot;none of these&quot;.</source>
        <translation type="vanished">&lt;b&gt;自分の手書き文字でモデルを試します。&lt;/b&gt;マウス、ペン、指で数字を描くか（&lt;i&gt;Esc&lt;/i&gt; で消去、&lt;i&gt;Ctrl+Z&lt;/i&gt; で一画戻す）、画像を読み込んでください。&lt;br&gt;&lt;b&gt;モデルへの入力&lt;/b&gt;：ネットワークが実際に受け取る画像です。MNIST と同じように、インクの外接矩形を縦横比を保って 20 ピクセルに縮小し、重心が 28×28 の中心に来るように置き、黒地に明るいインクにします。ですから、どこにどの大きさで描いても構いません。極端に細いペンや太いペンもならされます。&lt;br&gt;&lt;b&gt;根拠&lt;/b&gt;：どのピクセルが一番確率の高い数字を生んだかを 4 通りで示します（画像の上の選択欄。そのツールチップに各方法の読み方があります）：Integrated Gradients（統合勾配。既定：赤いインクはモデルをその答えへ押し、青いインクは遠ざけます。ソフトマックス回帰ではちょうど x·W、チュートリアルの evidence です）、サリエンシー（勾配）、Grad-CAM（最後の畳み込み層が頼る領域。CNN のみ）、オクルージョン（部分を順に黒く覆う）。&lt;br&gt;&lt;b&gt;確率&lt;/b&gt;：同梱の学習済みモデル、学習中のモデル（学ぶにつれて良くなる様子が見えます）、またはチェックポイントファイルによる推論の結果です。&lt;i&gt;プローブに使う&lt;/i&gt; を押すと、描いた数字を特徴マップのパネルで見られます。&lt;i&gt;だます…&lt;/i&gt; を押すと、描いた数字を目立たないように変えて、選んだ数字をモデルに答えさせます（敵対的サンプル）。&lt;br&gt;&lt;b&gt;自信なし&lt;/b&gt;：最も高い確率がそのモデルについて測ったしきい値（本物の数字と、文字・なぐり書き・2 つ並んだ数字とを比べて測ったもの）を下回るとき、パネルは数字を答える代わりにそう表示し、いちばん近い候補を示します。CNN はなぐり書きの大半には自信なしと答えますが、すべての文字にではありません。ソフトマックス回帰はほとんど何にでも自信を持ちます。数字だけで学習したネットワークは「どれでもない」という答えを持たないからです。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Test the model on your own handwriting.&lt;/b&gt; Draw a digit with the mouse, a pen or a finger (&lt;i&gt;Esc&lt;/i&gt; clears, &lt;i&gt;Ctrl+Z&lt;/i&gt; undoes a stroke), or load a picture.&lt;br&gt;&lt;b&gt;Model input&lt;/b&gt;: what the network really receives. Like MNIST, the ink&apos;s bounding box is scaled to 20 pixels (aspect kept), centred by its centre of mass in 28×28, bright ink on black. So where and how large you draw does not matter; very thin or very fat pens are evened out.&lt;br&gt;&lt;b&gt;Why&lt;/b&gt;: which pixels made the winning digit, four ways (the box above the picture; its tooltip says how to read each): Integrated Gradients (the default: red ink pushes the model towards its answer, blue ink away from it; for softmax regression exactly x·W, the tutorial&apos;s evidence), Saliency (the gradient), Grad-CAM (the last convolution layer&apos;s regions; CNN only) and Occlusion (patches blacked out in turn).&lt;br&gt;&lt;b&gt;Probabilities&lt;/b&gt;: from the shipped pretrained model, the model being trained (watch it improve as it learns), or a checkpoint file. &lt;i&gt;Use as probe&lt;/i&gt; shows your digit in the feature-map panel.&lt;br&gt;&lt;b&gt;Not sure&lt;/b&gt;: when the highest probability is below a threshold measured for the model (on real digits against letters, scribbles and pairs of digits), the panel says so and gives its best guess instead of stating a digit. The CNN is unsure of most scribbles but not of every letter; softmax regression is sure of almost anything: a network trained on digits only has no answer for &quot;none of these&quot;.</source>
        <translation type="vanished">&lt;b&gt;自分の手書き文字でモデルを試します。&lt;/b&gt;マウス、ペン、指で数字を描くか（&lt;i&gt;Esc&lt;/i&gt; で消去、&lt;i&gt;Ctrl+Z&lt;/i&gt; で一画戻す）、画像を読み込んでください。&lt;br&gt;&lt;b&gt;モデルへの入力&lt;/b&gt;：ネットワークが実際に受け取る画像です。MNIST と同じように、インクの外接矩形を縦横比を保って 20 ピクセルに縮小し、重心が 28×28 の中心に来るように置き、黒地に明るいインクにします。ですから、どこにどの大きさで描いても構いません。極端に細いペンや太いペンもならされます。&lt;br&gt;&lt;b&gt;根拠&lt;/b&gt;：どのピクセルが一番確率の高い数字を生んだかを 4 通りで示します（画像の上の選択欄。そのツールチップに各方法の読み方があります）：Integrated Gradients（統合勾配。既定：赤いインクはモデルをその答えへ押し、青いインクは遠ざけます。ソフトマックス回帰ではちょうど x·W、チュートリアルの evidence です）、サリエンシー（勾配）、Grad-CAM（最後の畳み込み層が頼る領域。CNN のみ）、オクルージョン（部分を順に黒く覆う）。&lt;br&gt;&lt;b&gt;確率&lt;/b&gt;：同梱の学習済みモデル、学習中のモデル（学ぶにつれて良くなる様子が見えます）、またはチェックポイントファイルによる推論の結果です。&lt;i&gt;プローブに使う&lt;/i&gt; を押すと、描いた数字を特徴マップのパネルで見られます。&lt;br&gt;&lt;b&gt;自信なし&lt;/b&gt;：最も高い確率がそのモデルについて測ったしきい値（本物の数字と、文字・なぐり書き・2 つ並んだ数字とを比べて測ったもの）を下回るとき、パネルは数字を答える代わりにそう表示し、いちばん近い候補を示します。CNN はなぐり書きの大半には自信なしと答えますが、すべての文字にではありません。ソフトマックス回帰はほとんど何にでも自信を持ちます。数字だけで学習したネットワークは「どれでもない」という答えを持たないからです。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Test the model on your own handwriting.&lt;/b&gt; Draw a digit with the mouse, a pen or a finger (&lt;i&gt;Esc&lt;/i&gt; clears, &lt;i&gt;Ctrl+Z&lt;/i&gt; undoes a stroke), or load a picture.&lt;br&gt;&lt;b&gt;Model input&lt;/b&gt;: what the network really receives. Like MNIST, the ink&apos;s bounding box is scaled to 20 pixels (aspect kept), centred by its centre of mass in 28×28, bright ink on black. So where and how large you draw does not matter; very thin or very fat pens are evened out.&lt;br&gt;&lt;b&gt;Why&lt;/b&gt;: which pixels made the winning digit, four ways (the box above the picture; its tooltip says how to read each): Integrated Gradients (the default: red ink pushes the model towards its answer, blue ink away from it; for softmax regression exactly x·W, the tutorial&apos;s evidence), Saliency (the gradient), Grad-CAM (the last convolution layer&apos;s regions; CNN only) and Occlusion (patches blacked out in turn).&lt;br&gt;&lt;b&gt;Probabilities&lt;/b&gt;: from the shipped pretrained model, the model being trained (watch it improve as it learns), or a checkpoint file. &lt;i&gt;Use as probe&lt;/i&gt; shows your digit in the feature-map panel.</source>
        <translation type="vanished">&lt;b&gt;自分の手書き文字でモデルを試します。&lt;/b&gt;マウス、ペン、指で数字を描くか（&lt;i&gt;Esc&lt;/i&gt; で消去、&lt;i&gt;Ctrl+Z&lt;/i&gt; で一画戻す）、画像を読み込んでください。&lt;br&gt;&lt;b&gt;モデルへの入力&lt;/b&gt;：ネットワークが実際に受け取る画像です。MNIST と同じように、インクの外接矩形を縦横比を保って 20 ピクセルに縮小し、重心が 28×28 の中心に来るように置き、黒地に明るいインクにします。ですから、どこにどの大きさで描いても構いません。極端に細いペンや太いペンもならされます。&lt;br&gt;&lt;b&gt;根拠&lt;/b&gt;：どのピクセルが一番確率の高い数字を生んだかを 4 通りで示します（画像の上の選択欄。そのツールチップに各方法の読み方があります）：Integrated Gradients（統合勾配。既定：赤いインクはモデルをその答えへ押し、青いインクは遠ざけます。ソフトマックス回帰ではちょうど x·W、チュートリアルの evidence です）、サリエンシー（勾配）、Grad-CAM（最後の畳み込み層が頼る領域。CNN のみ）、オクルージョン（部分を順に黒く覆う）。&lt;br&gt;&lt;b&gt;確率&lt;/b&gt;：同梱の学習済みモデル、学習中のモデル（学ぶにつれて良くなる様子が見えます）、またはチェックポイントファイルによる推論の結果です。&lt;i&gt;プローブに使う&lt;/i&gt; を押すと、描いた数字を特徴マップのパネルで見られます。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Test the model on your own handwriting.&lt;/b&gt; Draw a digit with the mouse, a pen or a finger (&lt;i&gt;Esc&lt;/i&gt; clears, &lt;i&gt;Ctrl+Z&lt;/i&gt; undoes a stroke), or load a picture.&lt;br&gt;&lt;b&gt;Model input&lt;/b&gt;: what the network really receives. Like MNIST, the ink&apos;s bounding box is scaled to 20 pixels (aspect kept), centred by its centre of mass in 28×28, bright ink on black. So where and how large you draw does not matter; very thin or very fat pens are evened out.&lt;br&gt;&lt;b&gt;Why&lt;/b&gt;: Integrated Gradients for the winning digit. Red ink pushes the model towards its answer, blue ink away from it. For softmax regression this is exactly x·W (the tutorial&apos;s evidence).&lt;br&gt;&lt;b&gt;Probabilities&lt;/b&gt;: from the shipped pretrained model, the model being trained (watch it improve as it learns), or a checkpoint file. &lt;i&gt;Use as probe&lt;/i&gt; shows your digit in the feature-map panel.</source>
        <translation type="vanished">&lt;b&gt;自分の手書き文字でモデルを試します。&lt;/b&gt;マウス、ペン、指で数字を描くか（&lt;i&gt;Esc&lt;/i&gt; で消去、&lt;i&gt;Ctrl+Z&lt;/i&gt; で一画戻す）、画像を読み込んでください。&lt;br&gt;&lt;b&gt;モデルへの入力&lt;/b&gt;：ネットワークが実際に受け取る画像です。MNIST と同じように、インクの外接矩形を縦横比を保って 20 ピクセルに縮小し、重心が 28×28 の中心に来るように置き、黒地に明るいインクにします。ですから、どこにどの大きさで描いても構いません。極端に細いペンや太いペンもならされます。&lt;br&gt;&lt;b&gt;根拠&lt;/b&gt;：一番確率の高い数字についての Integrated Gradients（統合勾配）です。赤いインクはモデルをその答えへ押し、青いインクは遠ざけます。ソフトマックス回帰ではこれはちょうど x·W（チュートリアルの evidence）になります。&lt;br&gt;&lt;b&gt;確率&lt;/b&gt;：同梱の学習済みモデル、学習中のモデル（学ぶにつれて良くなる様子が見えます）、またはチェックポイントファイルによる推論の結果です。&lt;i&gt;プローブに使う&lt;/i&gt; を押すと、描いた数字を特徴マップのパネルで見られます。</translation>
    </message>
    <message>
        <source>Confusion matrix</source>
        <extracomment>Most thumbnails the gallery shows at once. Errors: black (none) - red - yellow - white (many), on log10(1 + count). Error cells brighter than this fraction of the colour range get dark text. Wider than this many times its height, the panel puts the gallery beside the matrix. It shows the newest evaluation only: a replay hands it just that one (gui.controllers.replay).</extracomment>
        <translation>混同行列</translation>
    </message>
    <message>
        <source>&lt;b&gt;Which digits the model confuses with which&lt;/b&gt;, on the 10,000 test images, updated at every evaluation. Row = the true digit, column = what the model predicted; each cell counts test images. The &lt;span style=&apos;color:#5fbf7f&apos;&gt;green diagonal&lt;/span&gt; holds the right answers; every other cell is a mistake, coloured on a logarithmic scale (black none, &lt;span style=&apos;color:#e04040&apos;&gt;red&lt;/span&gt; a few, yellow to white many) so that even a handful of errors shows.&lt;br&gt;The bars on the right are each digit&apos;s accuracy (diagonal ÷ row); the worst digit is orange.&lt;br&gt;&lt;b&gt;Click a cell&lt;/b&gt; to see its images below (click the diagonal for every mistake on that digit); &lt;b&gt;click an image&lt;/b&gt; to look at it in the Feature maps panel.&lt;br&gt;Watch for: the off-diagonal cells fading as training goes on; the errors that remain gathering in a few cells of similar shapes (4↔9, 3↔5, 7↔2); and how many of those images a person would also find hard.</source>
        <translation>&lt;b&gt;モデルがどの数字をどの数字と取り違えるか&lt;/b&gt;を、10,000 枚のテスト画像で示します。評価のたびに更新されます。行が正解の数字、列がモデルの予測で、各セルはテスト画像の枚数です。&lt;span style=&apos;color:#5fbf7f&apos;&gt;緑の対角線&lt;/span&gt;が正解で、それ以外のセルはすべて誤りです。誤りは対数スケールで色付けされ（黒は 0、&lt;span style=&apos;color:#e04040&apos;&gt;赤&lt;/span&gt;は少し、黄から白は多数）、わずかな誤りも見えるようになっています。&lt;br&gt;右の棒は各数字の正解率（対角 ÷ 行の合計）で、最も悪い数字はオレンジです。&lt;br&gt;&lt;b&gt;セルをクリック&lt;/b&gt;するとその画像が下に表示されます（対角のセルならその数字の誤りすべて）。&lt;b&gt;画像をクリック&lt;/b&gt;すると特徴マップのパネルで調べられます。&lt;br&gt;注目点：学習が進むにつれて対角以外のセルが薄れていくこと。残る誤りが形の似た数字（4↔9、3↔5、7↔2）のセルに集まること。そして、そうした画像の多くは人間にも難しいこと。</translation>
    </message>
    <message>
        <source>Distributions</source>
        <extracomment>Snapshots kept for the heat maps (a ring buffer: the oldest drop out).</extracomment>
        <translation>分布</translation>
    </message>
    <message>
        <source>&lt;b&gt;How each layer&apos;s numbers spread, over time&lt;/b&gt; (like TensorBoard&apos;s distributions). Pick a layer. In each heat map, x is the training step, y a value, and the brightness how many of the layer&apos;s weights (top) or gradients (middle) have that value, on a logarithmic scale: black none, yellow very many.&lt;br&gt;&lt;b&gt;Weights&lt;/b&gt;: watch them spread out from their starting distribution (zero for softmax regression, narrow noise for the CNN). A layer whose band never moves is not learning.&lt;br&gt;&lt;b&gt;Gradients&lt;/b&gt;: the y axis is logarithmic on both sides of 0 (±1e-6, ±1e-4, ...), because gradients shrink by orders of magnitude. Every band drifting inwards together while the loss falls is convergence: the model has less left to correct. Bands jumping outwards mean &lt;i&gt;exploding gradients&lt;/i&gt; (the loss spikes; lower the learning rate). The bright line at 0 counts gradients that are exactly zero: a weight gets none when its input is 0 for every image of the batch, or its unit passes nothing back for any of them. For softmax regression these are the border pixels that no digit of the batch touches (about 270 of the 784 pixels in a batch of 100, a third of W); in the CNN, mostly the fc1 and fc2 weights of units whose ReLU was 0 for the whole batch. It is not dropout: dropout drops a unit for one image at a time, for all 50 images of a batch only with probability 2&lt;sup&gt;-50&lt;/sup&gt;.&lt;br&gt;&lt;b&gt;Gradient norm&lt;/b&gt; (bottom left): the length of each layer&apos;s gradient, log scale; its title gives the first layer&apos;s norm divided by the last layer&apos;s. &lt;i&gt;Vanishing gradients&lt;/i&gt; means that ratio is orders of magnitude below 1: the first layers barely learn. For the tutorial CNN it stays near 1. Norms that fall while the loss falls are convergence, not vanishing; a sudden jump is exploding.&lt;br&gt;&lt;b&gt;Dead ReLUs&lt;/b&gt; (CNN, bottom right): the share of conv1 and conv2 filters and fc1 units that output 0 for every one of the first 64 test images. A dead unit gets no gradient, so it stays dead; a share that climbs during training usually means the learning rate is too high.&lt;br&gt;&lt;b&gt;Saturated units&lt;/b&gt; (sigmoid and tanh, same plot): the share of their outputs on those 64 images in the flat tails (sigmoid below 0.03 or above 0.97, tanh beyond ±0.97), where the slope is under a tenth of its peak. A sigmoid or tanh never outputs exactly 0, so it does not die: it saturates, and gradients through saturated units all but vanish. A sigmoid passes at most a quarter of the gradient even where it is not saturated (its steepest slope is 0.25), so a stack of them makes gradients vanish with hardly a unit saturated: measured here, three sigmoid convs (3×3, 8-16-16 filters, Adam 1e-3) kept conv1&apos;s gradient norm between 1/1000 and 1/150 of the last layer&apos;s over 600 steps with under 7 % of any layer&apos;s outputs saturated, and recognised only 12 % of the test digits by then; the same network with tanh reached 95 %, with ReLU 94 %.</source>
        <translation>&lt;b&gt;各層の値の分布の時間変化&lt;/b&gt;（TensorBoard の distributions と同じ考え方）。層を選んでください。どのヒートマップも、x が学習ステップ、y が値、明るさがその値を持つ重み（上）や勾配（中）の数で、対数スケールです（黒は 0、黄は非常に多い）。&lt;br&gt;&lt;b&gt;重み&lt;/b&gt;：初期の分布（ソフトマックス回帰では 0、CNN では幅の狭い乱数）から広がっていく様子を見てください。帯がまったく動かない層は学習していません。&lt;br&gt;&lt;b&gt;勾配&lt;/b&gt;：勾配は桁違いに小さくなるので、y 軸は 0 の両側で対数です（±1e-6、±1e-4、...）。損失が下がるのに合わせてすべての帯がそろって内側へ寄っていくのは収束で、モデルに直すところが減ってきたということです。外側へ飛ぶのは&lt;i&gt;勾配爆発&lt;/i&gt;です（損失が跳ね上がる。学習率を下げてください）。0 の明るい線はちょうど 0 の勾配の数です。ミニバッチのどの画像でも入力が 0 の重みや、どの画像でもユニットが勾配を逆伝播しない重みには、勾配が付きません。ソフトマックス回帰では、ミニバッチのどの数字もインクを置かない縁のピクセルです（100 枚のミニバッチで 784 ピクセル中およそ 270、W の約 3 分の 1）。CNN では主に、ミニバッチ全体で ReLU が 0 だったユニットの fc1 と fc2 の重みです。ドロップアウトのせいではありません。ドロップアウトはユニットを画像 1 枚ごとに止めるので、ミニバッチの 50 枚すべてで止まる確率は 2&lt;sup&gt;-50&lt;/sup&gt; しかありません。&lt;br&gt;&lt;b&gt;勾配ノルム&lt;/b&gt;（左下）：各層の勾配の長さ（対数スケール）。グラフの題には、最初の層のノルムを最後の層のノルムで割った比が出ます。&lt;i&gt;勾配消失&lt;/i&gt;とは、この比が 1 より何桁も小さいこと、つまり最初の層がほとんど学習しないことです。チュートリアルの CNN ではこの比は 1 付近のままです。損失とともにノルムが下がるのは収束で、勾配消失ではありません。急な跳ね上がりは勾配爆発です。&lt;br&gt;&lt;b&gt;死んだ ReLU&lt;/b&gt;（CNN、右下）：最初の 64 枚のテスト画像のどれに対しても 0 を出力する conv1・conv2 のフィルタと fc1 のユニットの割合。死んだユニットには勾配が流れないので死んだままです。学習中にこの割合が増えていくなら、たいてい学習率が高すぎます。&lt;br&gt;&lt;b&gt;飽和したユニット&lt;/b&gt;（シグモイドと tanh、同じグラフ）：その 64 枚の画像に対する出力のうち、平らな裾にあるものの割合（シグモイドは 0.03 未満か 0.97 超、tanh は ±0.97 の外）。そこでの傾きは最大値の 10 分の 1 未満です。シグモイドや tanh はちょうど 0 を出力することがないので死にはしませんが、飽和します。飽和したユニットを通る勾配はほとんど消えます。シグモイドは飽和していないところでも勾配を最大で 4 分の 1 しか通さない（最も急な傾きが 0.25）ので、重ねるとほとんど飽和しないまま勾配が消失します。ここで測ったところ、3 層のシグモイド畳み込み（3×3、フィルタ 8-16-16、Adam 1e-3）では、600 ステップの間 conv1 の勾配ノルムが最後の層の 1/1000 から 1/150 にとどまり、どの層も飽和した出力は 7 % 未満でしたが、その時点でテスト画像の 12 % しか正しく認識できませんでした。同じネットワークを tanh にすると 95 %、ReLU にすると 94 % でした。</translation>
    </message>
    <message>
        <source>&lt;b&gt;How each layer&apos;s numbers spread, over time&lt;/b&gt; (like TensorBoard&apos;s distributions). Pick a layer. In each heat map, x is the training step, y a value, and the brightness how many of the layer&apos;s weights (top) or gradients (middle) have that value, on a logarithmic scale: black none, yellow very many.&lt;br&gt;&lt;b&gt;Weights&lt;/b&gt;: watch them spread out from their starting distribution (zero for softmax regression, narrow noise for the CNN). A layer whose band never moves is not learning.&lt;br&gt;&lt;b&gt;Gradients&lt;/b&gt;: the y axis is logarithmic on both sides of 0 (±1e-6, ±1e-4, ...), because gradients shrink by orders of magnitude. Every band drifting inwards together while the loss falls is convergence: the model has less left to correct. Bands jumping outwards mean &lt;i&gt;exploding gradients&lt;/i&gt; (the loss spikes; lower the learning rate). The bright line at 0 counts gradients that are exactly zero: a weight gets none when its input is 0 for every image of the batch, or its unit passes nothing back for any of them. For softmax regression these are the border pixels that no digit of the batch touches (about 270 of the 784 pixels in a batch of 100, a third of W); in the CNN, mostly the fc1 and fc2 weights of units whose ReLU was 0 for the whole batch. It is not dropout: dropout drops a unit for one image at a time, for all 50 images of a batch only with probability 2&lt;sup&gt;-50&lt;/sup&gt;.&lt;br&gt;&lt;b&gt;Gradient norm&lt;/b&gt; (bottom left): the length of each layer&apos;s gradient, log scale; its title gives the first layer&apos;s norm divided by the last layer&apos;s. &lt;i&gt;Vanishing gradients&lt;/i&gt; means that ratio is orders of magnitude below 1: the first layers barely learn. For the tutorial CNN it stays near 1. Norms that fall while the loss falls are convergence, not vanishing; a sudden jump is exploding.&lt;br&gt;&lt;b&gt;Dead ReLUs&lt;/b&gt; (CNN, bottom right): the share of conv1 and conv2 filters and fc1 units that output 0 for every one of the first 64 test images. A dead unit gets no gradient, so it stays dead; a share that climbs during training usually means the learning rate is too high.</source>
        <translation type="vanished">&lt;b&gt;各層の値の分布の時間変化&lt;/b&gt;（TensorBoard の distributions と同じ考え方）。層を選んでください。どのヒートマップも、x が学習ステップ、y が値、明るさがその値を持つ重み（上）や勾配（中）の数で、対数スケールです（黒は 0、黄は非常に多い）。&lt;br&gt;&lt;b&gt;重み&lt;/b&gt;：初期の分布（ソフトマックス回帰では 0、CNN では幅の狭い乱数）から広がっていく様子を見てください。帯がまったく動かない層は学習していません。&lt;br&gt;&lt;b&gt;勾配&lt;/b&gt;：勾配は桁違いに小さくなるので、y 軸は 0 の両側で対数です（±1e-6、±1e-4、...）。損失が下がるのに合わせてすべての帯がそろって内側へ寄っていくのは収束で、モデルに直すところが減ってきたということです。外側へ飛ぶのは&lt;i&gt;勾配爆発&lt;/i&gt;です（損失が跳ね上がる。学習率を下げてください）。0 の明るい線はちょうど 0 の勾配の数です。ミニバッチのどの画像でも入力が 0 の重みや、どの画像でもユニットが勾配を逆伝播しない重みには、勾配が付きません。ソフトマックス回帰では、ミニバッチのどの数字もインクを置かない縁のピクセルです（100 枚のミニバッチで 784 ピクセル中およそ 270、W の約 3 分の 1）。CNN では主に、ミニバッチ全体で ReLU が 0 だったユニットの fc1 と fc2 の重みです。ドロップアウトのせいではありません。ドロップアウトはユニットを画像 1 枚ごとに止めるので、ミニバッチの 50 枚すべてで止まる確率は 2&lt;sup&gt;-50&lt;/sup&gt; しかありません。&lt;br&gt;&lt;b&gt;勾配ノルム&lt;/b&gt;（左下）：各層の勾配の長さ（対数スケール）。グラフの題には、最初の層のノルムを最後の層のノルムで割った比が出ます。&lt;i&gt;勾配消失&lt;/i&gt;とは、この比が 1 より何桁も小さいこと、つまり最初の層がほとんど学習しないことです。チュートリアルの CNN ではこの比は 1 付近のままです。損失とともにノルムが下がるのは収束で、勾配消失ではありません。急な跳ね上がりは勾配爆発です。&lt;br&gt;&lt;b&gt;死んだ ReLU&lt;/b&gt;（CNN、右下）：最初の 64 枚のテスト画像のどれに対しても 0 を出力する conv1・conv2 のフィルタと fc1 のユニットの割合。死んだユニットには勾配が流れないので死んだままです。学習中にこの割合が増えていくなら、たいてい学習率が高すぎます。</translation>
    </message>
    <message>
        <source>&lt;b&gt;How each layer&apos;s numbers spread, over time&lt;/b&gt; (like TensorBoard&apos;s distributions). Pick a layer. In each heat map, x is the training step, y a value, and the brightness how many of the layer&apos;s weights (top) or gradients (middle) have that value, on a logarithmic scale: black none, yellow very many.&lt;br&gt;&lt;b&gt;Weights&lt;/b&gt;: watch them spread out from their starting distribution (zero for softmax regression, narrow noise for the CNN). A layer whose band never moves is not learning.&lt;br&gt;&lt;b&gt;Gradients&lt;/b&gt;: the y axis is logarithmic on both sides of 0 (±1e-6, ±1e-4, ...), because gradients shrink by orders of magnitude. Bands drifting towards the middle mean &lt;i&gt;vanishing gradients&lt;/i&gt; (that layer barely learns any more); bands jumping outwards mean &lt;i&gt;exploding gradients&lt;/i&gt; (the loss spikes; lower the learning rate). The bright line at 0 counts gradients that are exactly zero: weights of dead or dropped-out units.&lt;br&gt;&lt;b&gt;Gradient norm&lt;/b&gt; (bottom left): the length of each layer&apos;s gradient, log scale. A norm orders of magnitude below the other layers&apos;, or falling steadily towards nothing, is vanishing; a sudden jump is exploding.&lt;br&gt;&lt;b&gt;Dead ReLUs&lt;/b&gt; (CNN, bottom right): the share of conv1 and conv2 filters and fc1 units that output 0 for every one of the first 64 test images. A dead unit gets no gradient, so it stays dead; a share that climbs during training usually means the learning rate is too high.</source>
        <translation type="vanished">&lt;b&gt;各層の値の分布の時間変化&lt;/b&gt;（TensorBoard の distributions と同じ考え方）。層を選んでください。どのヒートマップも、x が学習ステップ、y が値、明るさがその値を持つ重み（上）や勾配（中）の数で、対数スケールです（黒は 0、黄は非常に多い）。&lt;br&gt;&lt;b&gt;重み&lt;/b&gt;：初期の分布（ソフトマックス回帰では 0、CNN では幅の狭い乱数）から広がっていく様子を見てください。帯がまったく動かない層は学習していません。&lt;br&gt;&lt;b&gt;勾配&lt;/b&gt;：勾配は桁違いに小さくなるので、y 軸は 0 の両側で対数です（±1e-6、±1e-4、...）。帯が中央へ寄っていくのは&lt;i&gt;勾配消失&lt;/i&gt;（その層はほとんど学習しなくなっている）、外側へ飛ぶのは&lt;i&gt;勾配爆発&lt;/i&gt;（損失が跳ね上がる。学習率を下げてください）です。0 の明るい線はちょうど 0 の勾配の数で、死んだユニットやドロップアウトされたユニットの重みです。&lt;br&gt;&lt;b&gt;勾配ノルム&lt;/b&gt;（左下）：各層の勾配の長さ（対数スケール）。他の層より桁違いに小さいノルムや、ゼロに向かって下がり続けるノルムは勾配消失、急な跳ね上がりは勾配爆発です。&lt;br&gt;&lt;b&gt;死んだ ReLU&lt;/b&gt;（CNN、右下）：最初の 64 枚のテスト画像のどれに対しても 0 を出力する conv1・conv2 のフィルタと fc1 のユニットの割合。死んだユニットには勾配が流れないので死んだままです。学習中にこの割合が増えていくなら、たいてい学習率が高すぎます。</translation>
    </message>
    <message>
        <source>Feature maps</source>
        <extracomment>It shows the newest evaluation only: a replay hands it just that one (gui.controllers.replay).</extracomment>
        <translation>特徴マップ</translation>
    </message>
    <message>
        <source>&lt;b&gt;What one image does inside the network.&lt;/b&gt; Pick the probe: a test image by number, &lt;i&gt;Random&lt;/i&gt;, or &lt;i&gt;Next misclassified&lt;/i&gt; (after an evaluation). Or draw one.&lt;br&gt;&lt;b&gt;CNN&lt;/b&gt;: every conv/pool tile is one channel&apos;s response to the image (black 0, yellow strong; ReLU makes everything ≥ 0). conv1 channels light up along edges and strokes of one orientation; pool1 is the same at half resolution; conv2 combines them into larger parts, pool2 shrinks again to 7×7; fc1&apos;s 1,024 units feed the output.&lt;br&gt;&lt;b&gt;Softmax&lt;/b&gt;: the evidence images show each pixel&apos;s vote x·W[:, k] for each digit (red for, blue against); their sums (plus biases) go through softmax. A network that deskews first (the shipped softmax, deskew,fc-10) weighs the deskewed image, shown beside the input: x is that image.&lt;br&gt;Watch for: which channels stay dark for every image (dead units), how the winning probability grows during training, and what the misclassified images look like.</source>
        <translation>&lt;b&gt;1 枚の画像がネットワークの中で何を起こすか。&lt;/b&gt;プローブ画像を選んでください：番号で指定するテスト画像、&lt;i&gt;ランダム&lt;/i&gt;、または（評価の後なら）&lt;i&gt;次の誤分類&lt;/i&gt;。自分で描くこともできます。&lt;br&gt;&lt;b&gt;CNN&lt;/b&gt;：畳み込み層・プーリング層の各タイルは、1 チャンネルの画像への応答です（黒は 0、黄は強い。ReLU のためすべて ≥ 0）。conv1 のチャンネルはある向きのエッジや線に沿って光ります。pool1 はそれを半分の解像度にしたもの、conv2 はそれらを組み合わせてより大きな部品にし、pool2 はさらに 7×7 に縮めます。fc1 の 1,024 ユニットが出力層へつながります。&lt;br&gt;&lt;b&gt;ソフトマックス回帰&lt;/b&gt;：evidence 画像は、各数字に対する各ピクセルの票 x·W[:, k] を示します（赤は賛成、青は反対）。その合計（とバイアス）がソフトマックスに入ります。最初に傾きを直すネットワーク（同梱のソフトマックス、deskew,fc-10）は、傾きを直した画像に重みを掛けます。その画像を入力の隣に示します。x はその画像です。&lt;br&gt;注目点：どの画像でも暗いままのチャンネル（死んだユニット）、学習中に勝者の確率が高まっていく様子、そして誤分類された画像がどんな形か。</translation>
    </message>
    <message>
        <source>&lt;b&gt;What one image does inside the network.&lt;/b&gt; Pick the probe: a test image by number, &lt;i&gt;Random&lt;/i&gt;, or &lt;i&gt;Next misclassified&lt;/i&gt; (after an evaluation). Or draw one.&lt;br&gt;&lt;b&gt;CNN&lt;/b&gt;: every conv/pool tile is one channel&apos;s response to the image (black 0, yellow strong; ReLU makes everything ≥ 0). conv1 channels light up along edges and strokes of one orientation; pool1 is the same at half resolution; conv2 combines them into larger parts, pool2 shrinks again to 7×7; fc1&apos;s 1,024 units feed the output.&lt;br&gt;&lt;b&gt;Softmax&lt;/b&gt;: the evidence images show each pixel&apos;s vote x·W[:, k] for each digit (red for, blue against); their sums (plus biases) go through softmax.&lt;br&gt;Watch for: which channels stay dark for every image (dead units), how the winning probability grows during training, and what the misclassified images look like.</source>
        <translation type="vanished">&lt;b&gt;1 枚の画像がネットワークの中で何を起こすか。&lt;/b&gt;プローブ画像を選んでください：番号で指定するテスト画像、&lt;i&gt;ランダム&lt;/i&gt;、または（評価の後なら）&lt;i&gt;次の誤分類&lt;/i&gt;。自分で描くこともできます。&lt;br&gt;&lt;b&gt;CNN&lt;/b&gt;：畳み込み層・プーリング層の各タイルは、1 チャンネルの画像への応答です（黒は 0、黄は強い。ReLU のためすべて ≥ 0）。conv1 のチャンネルはある向きのエッジや線に沿って光ります。pool1 はそれを半分の解像度にしたもの、conv2 はそれらを組み合わせてより大きな部品にし、pool2 はさらに 7×7 に縮めます。fc1 の 1,024 ユニットが出力層へつながります。&lt;br&gt;&lt;b&gt;ソフトマックス回帰&lt;/b&gt;：evidence 画像は、各数字に対する各ピクセルの票 x·W[:, k] を示します（赤は賛成、青は反対）。その合計（とバイアス）がソフトマックスに入ります。&lt;br&gt;注目点：どの画像でも暗いままのチャンネル（死んだユニット）、学習中に勝者の確率が高まっていく様子、そして誤分類された画像がどんな形か。</translation>
    </message>
    <message>
        <source>Convolution filters</source>
        <extracomment>The tutorial CNN&apos;s conv layers (what the panel shows before it knows the model).</extracomment>
        <translation>畳み込みフィルタ</translation>
    </message>
    <message>
        <source>&lt;b&gt;The CNN&apos;s learned filters&lt;/b&gt; (5×5 weights; &lt;span style=&apos;color:#e04040&apos;&gt;red&lt;/span&gt; positive, &lt;span style=&apos;color:#4060e0&apos;&gt;blue&lt;/span&gt; negative, white 0).&lt;br&gt;&lt;b&gt;conv1&lt;/b&gt;: the 32 filters that slide over the image. Each responds where the image looks like it: a red stripe beside a blue one is an edge detector.&lt;br&gt;&lt;b&gt;conv2&lt;/b&gt;: each of its 64 filters has one 5×5 kernel per conv1 channel (32); pick a channel, or show all 64×32 (row = input channel, column = filter).&lt;br&gt;&lt;b&gt;What you see, and when.&lt;/b&gt; Every filter starts as random noise. What training adds to it is smooth from the first steps (strokes, edges, blobs), but small against that noise. The line under the controls measures it for the layer shown (▶, chosen beside &lt;i&gt;Capture&lt;/i&gt;): &lt;i&gt;structure&lt;/i&gt; is the mean correlation of neighbouring weights in its kernels, about 0 for noise and near 1 for smooth filters. Measured here on conv1 at step 300:&lt;br&gt;• &lt;i&gt;tutorial-cnn&lt;/i&gt; (Adam 1e-4): a weight moves by at most about 1e-4 a step against a starting spread of 0.1, so the filters still look like the starting noise (structure about −0.05), although the network already recognises about 93 % of the test digits. Tick &lt;i&gt;Show change since step 0&lt;/i&gt; to see what it has learned: smooth strokes from the first hundred steps on (structure of the change about 0.65).&lt;br&gt;• &lt;i&gt;fast-cnn&lt;/i&gt; (He start, spread about 0.28): the same; its filters measure as noise (about 0.0) at step 300 and still at the end of its 1,800 steps, at 99.3 %.&lt;br&gt;• &lt;i&gt;watch-cnn&lt;/i&gt;, made for watching (momentum with a warm-up): each weight moves with its gradient, which is smooth because the images are, so blotches and bars show in the filters themselves within 100 to 300 steps (structure about 0.2 at step 300; about 97 % of the test digits). They are not clean edge detectors yet: part of the starting noise is still there, and &lt;i&gt;Show change since step 0&lt;/i&gt; shows the learned part alone.&lt;br&gt;conv2 changes more slowly and is harder to read (structure about −0.04 at the start, 0.12 in the shipped CNN; small 3×3 kernels measure about −0.1 as noise). &lt;i&gt;Per-tile range&lt;/i&gt; scales each tile to its own ±max, which makes weak filters visible; hover for the true values. Untick &lt;i&gt;Auto range&lt;/i&gt; to fix the colours, so that a colour means the same value from frame to frame; &lt;i&gt;Capture&lt;/i&gt; keeps the shown layer&apos;s filters of the step shown in that layer&apos;s filmstrip, to compare steps side by side. &lt;i&gt;distinct&lt;/i&gt; counts the filters that differ: 1 means they are all copies (the symmetry of an &apos;All equal&apos; start; Help &gt; Experiment).</source>
        <translation>&lt;b&gt;CNN が学習したフィルタ&lt;/b&gt;（5×5 の重み。&lt;span style=&apos;color:#e04040&apos;&gt;赤&lt;/span&gt;は正、&lt;span style=&apos;color:#4060e0&apos;&gt;青&lt;/span&gt;は負、白は 0）。&lt;br&gt;&lt;b&gt;conv1&lt;/b&gt;：画像の上をスライドする 32 個のフィルタ。それぞれ、画像がフィルタに似ている場所で強く反応します。赤い縞と青い縞が並んだものはエッジ検出器です。&lt;br&gt;&lt;b&gt;conv2&lt;/b&gt;：64 個のフィルタはそれぞれ、conv1 のチャンネル（32）ごとに 5×5 のカーネルを持ちます。チャンネルを一つ選ぶか、64×32 すべてを表示してください（行 = 入力チャンネル、列 = フィルタ）。&lt;br&gt;&lt;b&gt;何が、いつ見えるか。&lt;/b&gt; どのフィルタもランダムなノイズから始まります。学習で加わるものは最初のステップから滑らか（線・エッジ・かたまり）ですが、そのノイズに比べると小さいのです。操作欄の下の行が、表示中の層（▶。&lt;i&gt;キャプチャ&lt;/i&gt; の横で選びます）についてそれを測ります。&lt;i&gt;構造&lt;/i&gt;はそのカーネルで隣り合う重みどうしの相関の平均で、ノイズならほぼ 0、滑らかなフィルタなら 1 に近くなります。このマシンで conv1 をステップ 300 に測った値：&lt;br&gt;• &lt;i&gt;tutorial-cnn&lt;/i&gt;（Adam 1e-4）：重みは 1 ステップで最大でも約 1e-4 しか動かず、初期値のばらつき 0.1 に比べてごくわずかです。そのためネットワークはすでにテスト画像の約 93 % を正しく認識しているのに、フィルタは初期のノイズのままに見えます（構造は約 −0.05）。&lt;i&gt;ステップ 0 からの変化を表示&lt;/i&gt; にチェックを入れると、学習したものが見えます。最初の 100 ステップから滑らかな線になっています（変化の構造は約 0.65）。&lt;br&gt;• &lt;i&gt;fast-cnn&lt;/i&gt;（He の初期値、ばらつき約 0.28）：同じく、フィルタはステップ 300 でも、1,800 ステップの最後（99.3 %）でもノイズと測られます（約 0.0）。&lt;br&gt;• &lt;i&gt;watch-cnn&lt;/i&gt;、見るための設定（ウォームアップ付きのモメンタム）：各重みは勾配に沿って動き、画像が滑らかなので勾配も滑らかです。そのため 100〜300 ステップのうちに、フィルタそのものにまだらや帯が現れます（ステップ 300 で構造は約 0.2、テスト画像の約 97 %）。まだきれいなエッジ検出器ではありません。初期のノイズが一部残っており、&lt;i&gt;ステップ 0 からの変化を表示&lt;/i&gt; で学習した部分だけを見られます。&lt;br&gt;conv2 の変化はもっと遅く、読み取りにくいです（構造は初期値で約 −0.04、同梱の CNN で 0.12。小さな 3×3 のカーネルはノイズでも約 −0.1 と測られます）。&lt;i&gt;タイルごとの範囲&lt;/i&gt; は各タイルをそれぞれの ±最大値で表示するので、弱いフィルタも見えるようになります。マウスを重ねると実際の値が出ます。&lt;i&gt;自動範囲&lt;/i&gt; のチェックを外すと色が固定され、フレームが変わっても同じ色が同じ値を表します。&lt;i&gt;キャプチャ&lt;/i&gt; は表示中の層の、表示中のステップのフィルタをその層のフィルムストリップに残し、ステップどうしを並べて比べられるようにします。&lt;i&gt;相異なる&lt;/i&gt; は互いに異なるフィルタの数です。1 ならすべて同じもののコピーです（「すべて同じ値」で始めたときの対称性。ヘルプ &gt; 実験）。</translation>
    </message>
    <message>
        <source>&lt;b&gt;The CNN&apos;s learned filters&lt;/b&gt; (5×5 weights; &lt;span style=&apos;color:#e04040&apos;&gt;red&lt;/span&gt; positive, &lt;span style=&apos;color:#4060e0&apos;&gt;blue&lt;/span&gt; negative, white 0).&lt;br&gt;&lt;b&gt;conv1&lt;/b&gt;: the 32 filters that slide over the image. Each responds where the image looks like it: a red stripe beside a blue one is an edge detector.&lt;br&gt;&lt;b&gt;conv2&lt;/b&gt;: each of its 64 filters has one 5×5 kernel per conv1 channel (32); pick a channel, or show all 64×32 (row = input channel, column = filter).&lt;br&gt;&lt;b&gt;What you see, and when.&lt;/b&gt; Every filter starts as random noise. What training adds to it is smooth from the first steps (strokes, edges, blobs), but small against that noise. The line under the controls measures it: &lt;i&gt;structure&lt;/i&gt; is the mean correlation of neighbouring weights in conv1&apos;s filters, about 0 for noise and near 1 for smooth filters. Measured here at step 300:&lt;br&gt;• &lt;i&gt;tutorial-cnn&lt;/i&gt; (Adam 1e-4): a weight moves by at most about 1e-4 a step against a starting spread of 0.1, so the filters still look like the starting noise (structure about −0.05), although the network already recognises about 93 % of the test digits. Tick &lt;i&gt;Show change since step 0&lt;/i&gt; to see what it has learned: smooth strokes from the first hundred steps on (structure of the change about 0.65).&lt;br&gt;• &lt;i&gt;fast-cnn&lt;/i&gt; (He start, spread about 0.28): the same; its filters measure as noise (about 0.0) at step 300 and still at the end of its 1,800 steps, at 99.3 %.&lt;br&gt;• &lt;i&gt;watch-cnn&lt;/i&gt;, made for watching (momentum with a warm-up): each weight moves with its gradient, which is smooth because the images are, so blotches and bars show in the filters themselves within 100 to 300 steps (structure about 0.2 at step 300; about 97 % of the test digits). They are not clean edge detectors yet: part of the starting noise is still there, and &lt;i&gt;Show change since step 0&lt;/i&gt; shows the learned part alone.&lt;br&gt;conv2 changes more slowly and is harder to read. &lt;i&gt;Per-tile range&lt;/i&gt; scales each tile to its own ±max, which makes weak filters visible; hover for the true values. Untick &lt;i&gt;Auto range&lt;/i&gt; to fix the colours, so that a colour means the same value from frame to frame; &lt;i&gt;Capture&lt;/i&gt; keeps the filters of the step shown in a filmstrip, to compare steps side by side. &lt;i&gt;distinct&lt;/i&gt; counts the filters that differ: 1 means they are all copies (the symmetry of an &apos;All equal&apos; start; Help &gt; Experiment).</source>
        <translation type="vanished">&lt;b&gt;CNN が学習したフィルタ&lt;/b&gt;（5×5 の重み。&lt;span style=&apos;color:#e04040&apos;&gt;赤&lt;/span&gt;は正、&lt;span style=&apos;color:#4060e0&apos;&gt;青&lt;/span&gt;は負、白は 0）。&lt;br&gt;&lt;b&gt;conv1&lt;/b&gt;：画像の上をスライドする 32 個のフィルタ。それぞれ、画像がフィルタに似ている場所で強く反応します。赤い縞と青い縞が並んだものはエッジ検出器です。&lt;br&gt;&lt;b&gt;conv2&lt;/b&gt;：64 個のフィルタはそれぞれ、conv1 のチャンネル（32）ごとに 5×5 のカーネルを持ちます。チャンネルを一つ選ぶか、64×32 すべてを表示してください（行 = 入力チャンネル、列 = フィルタ）。&lt;br&gt;&lt;b&gt;何が、いつ見えるか。&lt;/b&gt; どのフィルタもランダムなノイズから始まります。学習で加わるものは最初のステップから滑らか（線・エッジ・かたまり）ですが、そのノイズに比べると小さいのです。操作欄の下の行がそれを測ります。&lt;i&gt;構造&lt;/i&gt;は conv1 のフィルタで隣り合う重みどうしの相関の平均で、ノイズならほぼ 0、滑らかなフィルタなら 1 に近くなります。このマシンでステップ 300 に測った値：&lt;br&gt;• &lt;i&gt;tutorial-cnn&lt;/i&gt;（Adam 1e-4）：重みは 1 ステップで最大でも約 1e-4 しか動かず、初期値のばらつき 0.1 に比べてごくわずかです。そのためネットワークはすでにテスト画像の約 93 % を正しく認識しているのに、フィルタは初期のノイズのままに見えます（構造は約 −0.05）。&lt;i&gt;ステップ 0 からの変化を表示&lt;/i&gt; にチェックを入れると、学習したものが見えます。最初の 100 ステップから滑らかな線になっています（変化の構造は約 0.65）。&lt;br&gt;• &lt;i&gt;fast-cnn&lt;/i&gt;（He の初期値、ばらつき約 0.28）：同じく、フィルタはステップ 300 でも、1,800 ステップの最後（99.3 %）でもノイズと測られます（約 0.0）。&lt;br&gt;• &lt;i&gt;watch-cnn&lt;/i&gt;、見るための設定（ウォームアップ付きのモメンタム）：各重みは勾配に沿って動き、画像が滑らかなので勾配も滑らかです。そのため 100〜300 ステップのうちに、フィルタそのものにまだらや帯が現れます（ステップ 300 で構造は約 0.2、テスト画像の約 97 %）。まだきれいなエッジ検出器ではありません。初期のノイズが一部残っており、&lt;i&gt;ステップ 0 からの変化を表示&lt;/i&gt; で学習した部分だけを見られます。&lt;br&gt;conv2 の変化はもっと遅く、読み取りにくいです。&lt;i&gt;タイルごとの範囲&lt;/i&gt; は各タイルをそれぞれの ±最大値で表示するので、弱いフィルタも見えるようになります。マウスを重ねると実際の値が出ます。&lt;i&gt;自動範囲&lt;/i&gt; のチェックを外すと色が固定され、フレームが変わっても同じ色が同じ値を表します。&lt;i&gt;キャプチャ&lt;/i&gt; は表示中のステップのフィルタをフィルムストリップに残し、ステップどうしを並べて比べられるようにします。&lt;i&gt;相異なる&lt;/i&gt; は互いに異なるフィルタの数です。1 ならすべて同じもののコピーです（「すべて同じ値」で始めたときの対称性。ヘルプ &gt; 実験）。</translation>
    </message>
    <message>
        <source>&lt;b&gt;The CNN&apos;s learned filters&lt;/b&gt; (5×5 weights; &lt;span style=&apos;color:#e04040&apos;&gt;red&lt;/span&gt; positive, &lt;span style=&apos;color:#4060e0&apos;&gt;blue&lt;/span&gt; negative, white 0).&lt;br&gt;&lt;b&gt;conv1&lt;/b&gt;: the 32 filters that slide over the image. Each responds where the image looks like it: a red stripe beside a blue one is an edge detector.&lt;br&gt;&lt;b&gt;conv2&lt;/b&gt;: each of its 64 filters has one 5×5 kernel per conv1 channel (32); pick a channel, or show all 64×32 (row = input channel, column = filter).&lt;br&gt;Watch for: the random noise of the start turning into smooth edge, stroke and blob detectors in conv1 within a few hundred steps; conv2 changes more slowly and is harder to read. &lt;i&gt;Per-tile range&lt;/i&gt; scales each tile to its own ±max, which makes weak filters visible; hover for the true values.</source>
        <translation type="vanished">&lt;b&gt;CNN が学習したフィルタ&lt;/b&gt;（5×5 の重み。&lt;span style=&apos;color:#e04040&apos;&gt;赤&lt;/span&gt;は正、&lt;span style=&apos;color:#4060e0&apos;&gt;青&lt;/span&gt;は負、白は 0）。&lt;br&gt;&lt;b&gt;conv1&lt;/b&gt;：画像の上をスライドする 32 個のフィルタ。それぞれ、画像がフィルタに似ている場所で強く反応します。赤い縞と青い縞が並んだものはエッジ検出器です。&lt;br&gt;&lt;b&gt;conv2&lt;/b&gt;：64 個のフィルタはそれぞれ、conv1 のチャンネル（32）ごとに 5×5 のカーネルを持ちます。チャンネルを一つ選ぶか、64×32 すべてを表示してください（行 = 入力チャンネル、列 = フィルタ）。&lt;br&gt;注目点：数百ステップのうちに、conv1 の最初のランダムなノイズが滑らかなエッジ・線・かたまりの検出器に変わっていくこと。conv2 の変化はもっと遅く、読み取りにくいです。&lt;i&gt;タイルごとの範囲&lt;/i&gt; は各タイルをそれぞれの ±最大値で表示するので、弱いフィルタも見えるようになります。マウスを重ねると実際の値が出ます。</translation>
    </message>
    <message>
        <source>Loss and accuracy</source>
        <extracomment>Redraw at most this often (milliseconds between redraws). The overlaid runs&apos; colours, in turn: Okabe and Ito&apos;s colour-blind-safe palette (sky blue, vermillion, reddish purple, yellow, bluish green, blue, orange, grey), the orange that is closest to this run&apos;s own loss last. A ninth run takes the first colour again, dotted.</extracomment>
        <translation>損失と正解率</translation>
    </message>
    <message>
        <source>&lt;b&gt;Loss and accuracy&lt;/b&gt; per training step.&lt;br&gt;&lt;b&gt;Orange&lt;/b&gt;: the cross-entropy of each batch, per image (faint), and its moving average (bold; the &lt;i&gt;Smoothing&lt;/i&gt; slider sets how much, as in TensorBoard). It starts at ln 10 ≈ 2.30 when every digit gets probability 0.1. &lt;b&gt;Green&lt;/b&gt;: the accuracy on the training batch (100 or 50 images), smoothed the same way; for the CNN it is measured with dropout on, so it runs below what the network scores on the same images with dropout off (after 600 steps of tutorial-cnn: about 91 % on the batches, 95 % on training and test images alike with dropout off). &lt;b&gt;Blue&lt;/b&gt;: the accuracy (right axis) on the 10,000 test images at each evaluation; the orange squares are their loss (left axis). &lt;b&gt;Violet&lt;/b&gt; diamonds: the accuracy on fixed training images with dropout off, measured at each evaluation beside the test set: the gap between violet and blue is over-fitting (see the dropout lesson, Help &gt; Lessons).&lt;br&gt;Watch for: the loss falling fast, then slowly; test accuracy levelling off (about 92 % for softmax regression, about 99 % for the CNN); a loss that jumps up or becomes NaN (learning rate too high). A gap between green and blue is not over-fitting: one batch is noisy, and dropout lowers the green curve. Over-fitting shows as a test loss (squares) that rises while the training loss keeps falling. &lt;i&gt;Log y&lt;/i&gt; shows the slow late progress better.</source>
        <translation>学習ステップごとの&lt;b&gt;損失と正解率&lt;/b&gt;。&lt;br&gt;&lt;b&gt;オレンジ&lt;/b&gt;：各ミニバッチの画像 1 枚あたりの交差エントロピー（薄い線）とその移動平均（太い線。平滑化の度合いは TensorBoard と同じく &lt;i&gt;平滑化&lt;/i&gt; スライダーで決めます）。どの数字にも確率 0.1 を付けるときは ln 10 ≈ 2.30 から始まります。&lt;b&gt;緑&lt;/b&gt;：訓練ミニバッチ（100 枚か 50 枚）での正解率（同じように平滑化）。CNN ではドロップアウトが効いた状態で測るので、同じ画像をドロップアウトなしで測った値より低く出ます（tutorial-cnn の 600 ステップ後で、ミニバッチでは約 91 %、ドロップアウトなしでは訓練画像でもテスト画像でも 95 %）。&lt;b&gt;青&lt;/b&gt;：評価のたびに 10,000 枚のテスト画像で測った正解率（右軸）。オレンジの四角はその損失（左軸）です。&lt;b&gt;紫&lt;/b&gt;のひし形：評価のたびにテストデータと並べて、決まった訓練画像でドロップアウトなしで測った正解率。紫と青の差が過学習です（ヘルプ &gt; レッスン のドロップアウトのレッスンを参照）。&lt;br&gt;注目点：損失が最初は速く、その後ゆっくり下がること。テスト正解率が頭打ちになること（ソフトマックス回帰で約 92 %、CNN で約 99 %）。損失が跳ね上がったり NaN になったりすること（学習率が高すぎる）。緑と青の差は過学習ではありません。1 つのミニバッチはばらつきが大きく、ドロップアウトが緑の線を下げるからです。過学習は、訓練の損失が下がり続けるのにテストの損失（四角）が上がっていくことで分かります。&lt;i&gt;対数 y 軸&lt;/i&gt; にすると、後半のゆっくりした進歩が見やすくなります。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Loss and accuracy&lt;/b&gt; per training step.&lt;br&gt;&lt;b&gt;Orange&lt;/b&gt;: the cross-entropy of each batch, per image (faint), and its moving average (bold; the &lt;i&gt;Smoothing&lt;/i&gt; slider sets how much, as in TensorBoard). It starts at ln 10 ≈ 2.30 when every digit gets probability 0.1. &lt;b&gt;Green&lt;/b&gt;: the accuracy on the training batch (100 or 50 images), smoothed the same way; for the CNN it is measured with dropout on, so it runs below what the network scores on the same images with dropout off (after 600 steps of tutorial-cnn: about 91 % on the batches, 95 % on training and test images alike with dropout off). &lt;b&gt;Blue&lt;/b&gt;: the accuracy (right axis) on the 10,000 test images at each evaluation; the orange squares are their loss (left axis).&lt;br&gt;Watch for: the loss falling fast, then slowly; test accuracy levelling off (about 92 % for softmax regression, about 99 % for the CNN); a loss that jumps up or becomes NaN (learning rate too high). A gap between green and blue is not over-fitting: one batch is noisy, and dropout lowers the green curve. Over-fitting shows as a test loss (squares) that rises while the training loss keeps falling. &lt;i&gt;Log y&lt;/i&gt; shows the slow late progress better.</source>
        <translation type="vanished">学習ステップごとの&lt;b&gt;損失と正解率&lt;/b&gt;。&lt;br&gt;&lt;b&gt;オレンジ&lt;/b&gt;：各ミニバッチの画像 1 枚あたりの交差エントロピー（薄い線）とその移動平均（太い線。平滑化の度合いは TensorBoard と同じく &lt;i&gt;平滑化&lt;/i&gt; スライダーで決めます）。どの数字にも確率 0.1 を付けるときは ln 10 ≈ 2.30 から始まります。&lt;b&gt;緑&lt;/b&gt;：訓練ミニバッチ（100 枚か 50 枚）での正解率（同じように平滑化）。CNN ではドロップアウトが効いた状態で測るので、同じ画像をドロップアウトなしで測った値より低く出ます（tutorial-cnn の 600 ステップ後で、ミニバッチでは約 91 %、ドロップアウトなしでは訓練画像でもテスト画像でも 95 %）。&lt;b&gt;青&lt;/b&gt;：評価のたびに 10,000 枚のテスト画像で測った正解率（右軸）。オレンジの四角はその損失（左軸）です。&lt;br&gt;注目点：損失が最初は速く、その後ゆっくり下がること。テスト正解率が頭打ちになること（ソフトマックス回帰で約 92 %、CNN で約 99 %）。損失が跳ね上がったり NaN になったりすること（学習率が高すぎる）。緑と青の差は過学習ではありません。1 つのミニバッチはばらつきが大きく、ドロップアウトが緑の線を下げるからです。過学習は、訓練の損失が下がり続けるのにテストの損失（四角）が上がっていくことで分かります。&lt;i&gt;対数 y 軸&lt;/i&gt; にすると、後半のゆっくりした進歩が見やすくなります。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Loss and accuracy&lt;/b&gt; per training step.&lt;br&gt;&lt;b&gt;Orange&lt;/b&gt;: the cross-entropy of each batch (faint) and its moving average (bold; the &lt;i&gt;Smoothing&lt;/i&gt; slider sets how much, as in TensorBoard). &lt;b&gt;Green&lt;/b&gt;: the accuracy on the training batch, smoothed the same way. &lt;b&gt;Blue&lt;/b&gt; dots: loss (left axis) and accuracy (right axis) on the 10,000 test images at each evaluation.&lt;br&gt;Watch for: the loss falling fast, then slowly; test accuracy levelling off (about 92 % for softmax regression, about 99 % for the CNN); a widening gap between training and test accuracy (over-fitting); a loss that jumps up or becomes NaN (learning rate too high). &lt;i&gt;Log y&lt;/i&gt; shows the slow late progress better.</source>
        <translation type="vanished">学習ステップごとの&lt;b&gt;損失と正解率&lt;/b&gt;。&lt;br&gt;&lt;b&gt;オレンジ&lt;/b&gt;：各ミニバッチの交差エントロピー（薄い線）とその移動平均（太い線。平滑化の度合いは TensorBoard と同じく &lt;i&gt;平滑化&lt;/i&gt; スライダーで決めます）。&lt;b&gt;緑&lt;/b&gt;：訓練ミニバッチでの正解率（同じように平滑化）。&lt;b&gt;青&lt;/b&gt;の点：評価のたびに 10,000 枚のテスト画像で測った損失（左軸）と正解率（右軸）。&lt;br&gt;注目点：損失が最初は速く、その後ゆっくり下がること。テスト正解率が頭打ちになること（ソフトマックス回帰で約 92 %、CNN で約 99 %）。訓練とテストの正解率の差が広がること（過学習）。損失が跳ね上がったり NaN になったりすること（学習率が高すぎる）。&lt;i&gt;対数 y 軸&lt;/i&gt; にすると、後半のゆっくりした進歩が見やすくなります。</translation>
    </message>
    <message>
        <source>Softmax weights</source>
        <translation>ソフトマックスの重み</translation>
    </message>
    <message>
        <source>&lt;b&gt;The weights W of softmax regression&lt;/b&gt;, one 28×28 image per digit: column k of W reshaped to the image&apos;s shape. The evidence for digit k is the sum of pixel × weight, so each image is a &lt;i&gt;template&lt;/i&gt;: &lt;span style=&apos;color:#e04040&apos;&gt;red&lt;/span&gt; pixels vote for k when they hold ink, &lt;span style=&apos;color:#4060e0&apos;&gt;blue&lt;/span&gt; pixels vote against, white is 0.&lt;br&gt;Watch for: the templates emerging from blank (W starts at zero) within the first hundred steps: a 0 as a red ring with a blue centre, a 1 as a red vertical bar, and blue where other digits put their ink. The colour range follows the largest |weight| unless you fix it, so you can also watch the weights grow.&lt;br&gt;With Fashion-MNIST or KMNIST (the &lt;i&gt;Data set&lt;/i&gt; box), each image is the template of one class instead: a trouser&apos;s two legs, a sneaker&apos;s sole, a character&apos;s strokes.</source>
        <translation>&lt;b&gt;ソフトマックス回帰の重み W&lt;/b&gt;。数字ごとに 28×28 の画像 1 枚で、W の k 列目を画像の形に並べ直したものです。数字 k の evidence はピクセル × 重みの和なので、各画像は&lt;i&gt;テンプレート&lt;/i&gt;です：&lt;span style=&apos;color:#e04040&apos;&gt;赤&lt;/span&gt;のピクセルはインクがあれば k に賛成し、&lt;span style=&apos;color:#4060e0&apos;&gt;青&lt;/span&gt;のピクセルは反対し、白は 0 です。&lt;br&gt;注目点：最初の 100 ステップほどで、白紙（W は 0 から始まります）からテンプレートが浮かび上がってくること。0 は中心が青い赤い輪、1 は赤い縦棒になり、他の数字がインクを置く場所は青くなります。色の範囲は固定しない限り |重み| の最大値に合わせるので、重みが大きくなっていく様子も見られます。&lt;br&gt;Fashion-MNIST や KMNIST（&lt;i&gt;データセット&lt;/i&gt; の欄）では、各画像は一つのクラスのテンプレートになります：ズボンの 2 本の脚、スニーカーの靴底、文字の筆画。</translation>
    </message>
    <message>
        <source>Embedding</source>
        <extracomment>One colour per class (matplotlib&apos;s &quot;tab10&quot;, made for telling ten categories apart).</extracomment>
        <translation>埋め込み</translation>
    </message>
    <message>
        <source>&lt;b&gt;Where the network puts each test image.&lt;/b&gt; 2,000 test images (200 of each class) are placed by what the network&apos;s last layer reads: the CNN&apos;s 1,024 fc1 values, or, for softmax regression, which has no hidden layer, its 10 scores. Those many numbers are projected onto the two directions along which the images differ most (PCA). One colour per class; a black ring marks an image the model gets wrong.&lt;br&gt;Before training the classes are mixed; as the network learns, each class gathers in a cluster of its own, and the rings sit where two clusters touch. Hover a point to see the image, click it to make it the probe of every panel.&lt;br&gt;It is recomputed at each test evaluation of a run (about 1.4 s for the CNN), when the weights shown change, or with &lt;i&gt;Recompute&lt;/i&gt;.</source>
        <translation>&lt;b&gt;ネットワークが各テスト画像をどこに置くか。&lt;/b&gt;2,000 枚のテスト画像（各クラス 200 枚）を、ネットワークの最後の層が読み取る値で配置します。CNN では全結合層 fc1 の 1,024 個の値、隠れ層のないソフトマックス回帰では 10 個のスコアです。これらの多数の値を、画像どうしの違いが最も大きい 2 つの方向に射影します（主成分分析、PCA）。クラスごとに 1 色で、黒い輪はモデルが間違える画像の印です。&lt;br&gt;学習前はクラスが混ざっていますが、ネットワークが学ぶにつれて各クラスが自分のまとまり（クラスタ）に集まり、輪は 2 つのクラスタが接する所に残ります。点にマウスを重ねると画像が見え、クリックするとその画像がすべてのパネルのプローブになります。&lt;br&gt;学習中はテスト評価のたびに（CNN で約 1.4 秒）、表示する重みが変わったとき、または &lt;i&gt;再計算&lt;/i&gt; で計算し直します。</translation>
    </message>
    <message>
        <source>Units</source>
        <translation>ユニット</translation>
    </message>
    <message>
        <source>&lt;b&gt;What each unit looks for.&lt;/b&gt; Choose a layer and a unit: a channel of a convolution layer, a unit of the hidden fully connected layer, or an output class.&lt;br&gt;&lt;b&gt;Top 9&lt;/b&gt;: the test images that excite the unit most. For a convolution channel the yellow box is the part of the image the most excited position sees (its receptive field: 5×5 pixels for conv1, 14×14 for conv2); fully connected units see the whole image.&lt;br&gt;&lt;b&gt;Its favourite input&lt;/b&gt;: an image optimised from noise, step by step, to excite the unit as much as possible (activation maximisation, with jitter, blur and penalties that keep it smooth). Compare its activation with that of the mean test image.&lt;br&gt;Computed when asked (&lt;i&gt;Find&lt;/i&gt;, or a change of unit): the top images pass the whole test set through the network (3 to 13 s for the CNN&apos;s conv2 on a 2-core machine), the image takes 256 optimisation steps.</source>
        <translation>&lt;b&gt;各ユニットが何を探しているか。&lt;/b&gt;層とユニットを選びます：畳み込み層のチャンネル、隠れ層（全結合層）のユニット、または出力のクラスです。&lt;br&gt;&lt;b&gt;上位 9 枚&lt;/b&gt;：そのユニットを最も強く活性化させるテスト画像です。畳み込み層のチャンネルでは、黄色の枠が最も強く反応した位置から見える画像の範囲（受容野：conv1 は 5×5 ピクセル、conv2 は 14×14）です。全結合層のユニットは画像全体を見ています。&lt;br&gt;&lt;b&gt;好みの入力&lt;/b&gt;：ノイズから出発して、ユニットをできるだけ強く活性化させるよう一歩ずつ最適化した画像です（活性化最大化。ずらし、ぼかし、画像を滑らかに保つ罰則項を使います）。その活性化を平均テスト画像のものと比べてください。&lt;br&gt;求められたときに計算します（&lt;i&gt;探す&lt;/i&gt;、またはユニットの変更）：上位の画像にはテストデータ全体をネットワークに通し（2 コアのマシンで CNN の conv2 に 3〜13 秒）、画像には 256 回の最適化ステップがかかります。</translation>
    </message>
    <message>
        <source>Export as PNG...</source>
        <extracomment>Where a panel sits in the default layout (:mod:`mnist_viz.gui.layout` reads it): the top of the middle column (the loss), below it (a network&apos;s learned weights, tabbed together), beside those (the probe&apos;s activations), the right-hand column, under the training controls if there is room, or a tab behind the top panel. Stable identifier (used for dock object names, settings and the screenshot command). Title of the dock. &quot;What am I looking at?&quot;: rich text for a newcomer who has just read the tutorials. Where the panel sits in the default layout (one of :data:`PLACEMENTS`). True if the panel draws over time from every snapshot, so that a replay hands it the recorded history (:meth:`on_snapshot_history`) as well as the shown snapshot. True if File &gt; Open model... shows the opened checkpoint in this panel (:meth:`load_checkpoint`). The data set&apos;s class names, index = label, and shorter ones for tight spaces (MNIST&apos;s digits until the window calls :meth:`set_class_names`). Emitted when the panel&apos;s needs (``parts``) change, e.g. the user picked another layer. Emitted when the panel asks for a test image to become the probe (index into test set). Emitted when the panel offers its own image (28x28 float numpy array) as the probe. The same for an image whose true class is known (a training image): (image, label). Emitted when the user chooses, in the panel, which weights to show (the canvas&apos;s model box): (&quot;pretrained&quot;, model), (&quot;live&quot;,) or (&quot;file&quot;, path, model). Emitted when the user picks a layer in the panel (the Network panel&apos;s blocks): its activation part (&quot;conv1&quot;, &quot;pool2&quot;, &quot;fc1&quot;, &quot;probabilities&quot;...); the hub hands it to every other panel&apos;s :meth:`on_layer_chosen`. Folder the last &quot;Export as PNG...&quot; went to (the next one starts there).</extracomment>
        <translation>PNG として書き出す...</translation>
    </message>
    <message>
        <source>Save a picture of this panel as it is now</source>
        <translation>このパネルの今の様子を画像として保存します</translation>
    </message>
    <message>
        <source>This recording keeps only the parts it recorded (it was made before recordings kept all the weights at some steps); this panel needs all of them: go back to Live, or open a checkpoint of the run.</source>
        <translation>この記録には記録した部分しか残っていません（一部のステップで全重みを残すようになる前に作られた記録です）。このパネルには全重みが必要です。「ライブ」に戻るか、この実行のチェックポイントを開いてください。</translation>
    </message>
    <message>
        <source>The recording keeps all the weights at steps {0}: this panel is computed there. Drag the timeline to one of them (the nearest is step {1:,}).</source>
        <translation>この記録はステップ {0} で全重みを残しています。このパネルはそこで計算されます。タイムラインをそのどれかへドラッグしてください（一番近いのはステップ {1:,}）。</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>ネットワーク</translation>
    </message>
    <message>
        <source>&lt;b&gt;The whole network, from the image (left) to the answer (right).&lt;/b&gt; Each block is what one layer hands on to the next, for the probe image.&lt;br&gt;&lt;b&gt;The numbers&lt;/b&gt;: &lt;i&gt;channels × height × width&lt;/i&gt; for a convolution or a pooling: 32×28×28 is 32 maps (one per filter) of 28×28 pixels; pooling halves height and width. A fully connected layer&apos;s number is its units (1024); the output has one probability per class.&lt;br&gt;&lt;b&gt;The pictures&lt;/b&gt;: for a stack of maps, its strongest channel for this image; for a fully connected layer, every unit as a strip (bright = active); the output&apos;s bars are the probabilities (orange = the prediction). The arrows name the layers in between.&lt;br&gt;&lt;b&gt;Click a block&lt;/b&gt; to see that layer in the other panels (feature maps, filters). Hover for its parameters and its cost in floating-point operations (FLOPs).</source>
        <translation>&lt;b&gt;画像（左）から答え（右）までのネットワーク全体。&lt;/b&gt;各ブロックは、プローブ画像に対してある層が次の層へ渡すものです。&lt;br&gt;&lt;b&gt;数字&lt;/b&gt;: 畳み込み層やプーリング層では &lt;i&gt;チャンネル数 × 高さ × 幅&lt;/i&gt;。32×28×28 は 28×28 ピクセルの特徴マップが 32 枚（フィルタ 1 つに 1 枚）という意味です。プーリングで高さと幅が半分になります。全結合層の数字はユニット数（1024）で、出力はクラスごとに 1 つの確率です。&lt;br&gt;&lt;b&gt;画像&lt;/b&gt;: 特徴マップの束では、この画像でいちばん強く反応したチャンネル。全結合層では全ユニットを帯状に並べたもの（明るい = 活性が高い）。出力の棒は確率です（オレンジ = 予測）。矢印には間にある層の名前が書いてあります。&lt;br&gt;&lt;b&gt;ブロックをクリック&lt;/b&gt;すると、その層を他のパネル（特徴マップ、フィルタ）に表示します。マウスを重ねると、そのパラメータ数と浮動小数点演算数（FLOPs）で表した計算量が出ます。</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>訓練データ</translation>
    </message>
    <message>
        <source>&lt;b&gt;What the model trains on, right now.&lt;/b&gt; A training step does not look at the whole training set: it takes a &lt;i&gt;batch&lt;/i&gt; (50 or 100 images, drawn at random) and nudges the weights so that the model does a little better on those. This panel shows the batch of the latest step (its first 64 images), each with the label the model is taught for it, exactly as the model saw it.&lt;br&gt;With &lt;i&gt;Augment&lt;/i&gt; on (the training controls), every image is changed at random before the model sees it: turned, squashed, slanted, shifted, warped, drawn with a thinner or thicker pen, blurred or scanned at a low resolution. The model then meets digits written the way other people write them, not only MNIST&apos;s tidy ones, and learns to read a drawing on the canvas better; a new variation is drawn every step, so it never sees the same image twice.&lt;br&gt;Watch for: how varied the digits are; labels a person would doubt (MNIST has a few); and, with augmentation, whether a digit is still recognisable: if you cannot read it, the augmentation is too strong. &lt;b&gt;Hold&lt;/b&gt; keeps one batch on screen; clicking an image makes it the probe, so that the feature maps and the prediction show what the network does with it.&lt;br&gt;The batch shows while a run trains, and the last one stays while that run is shown: the shipped models, checkpoints and recordings do not keep the batches they were trained on.</source>
        <translation>&lt;b&gt;モデルがいま何で学習しているか。&lt;/b&gt;学習の 1 ステップは訓練データ全体を見るのではなく、&lt;i&gt;バッチ&lt;/i&gt;（ランダムに選んだ 50 枚または 100 枚の画像）を取り出し、その画像でモデルが少し良くなるように重みを少しだけ動かします。このパネルは最新のステップのバッチ（その最初の 64 枚）を、モデルに教える正解ラベルと一緒に、モデルが見たとおりに表示します。&lt;br&gt;&lt;i&gt;データ拡張&lt;/i&gt;（学習の設定）をオンにすると、各画像はモデルに見せる前にランダムに変えられます: 回転、縦横比の変更、傾き、平行移動、ゆがみ、細いペンや太いペン、ぼかしや低解像度での読み取り。こうしてモデルは MNIST のきれいな数字だけでなく、ほかの人が書くような数字にも出会い、キャンバスに描いた数字をよりよく読めるようになります。変え方はステップごとに新しく選ばれるので、同じ画像を二度見ることはありません。&lt;br&gt;注目点: 数字がどれほど多様か。人が見ても疑わしいラベル（MNIST にはいくつかあります）。データ拡張を使うときは、数字がまだ読めるかどうか: あなたが読めないなら、データ拡張が強すぎます。&lt;b&gt;固定&lt;/b&gt;で 1 つのバッチを画面に残せます。画像をクリックするとプローブ画像になり、特徴マップと予測でネットワークがその画像をどう扱うかが見られます。&lt;br&gt;バッチは学習中に表示され、その学習を表示している間は最後のバッチが残ります。同梱の学習済みモデル、チェックポイント、記録には、学習に使われたバッチは残っていません。</translation>
    </message>
</context>
<context>
    <name>ProbabilityChart</name>
    <message>
        <source>predicted {0} ({1:.1f} %)</source>
        <extracomment>The CNN&apos;s hidden layers that can be switched off: name -&gt; (tiles per row, what a tile is). Parts drawn beside the layers, not as layers of their own. Layers whose outputs are never negative (and those that keep the sign of their input).</extracomment>
        <translation>予測 {0} ({1:.1f} %)</translation>
    </message>
    <message>
        <source> · true {0} {1}</source>
        <translation> · 正解 {0} {1}</translation>
    </message>
</context>
<context>
    <name>RecordingFiles</name>
    <message>
        <source>Stop training first</source>
        <translation>先に学習を停止してください</translation>
    </message>
    <message>
        <source>A recording cannot be opened while a run is training.</source>
        <translation>学習の実行中は記録を開けません。</translation>
    </message>
    <message>
        <source>The panels show one run at a time, and the live run would keep drawing over the recording. Stop the run (Shift+F5), then open the recording. To look back at the run being trained, turn on File &gt; Record runs to folder before starting it and drag the timeline.</source>
        <translation>パネルは一度に一つの学習しか表示できず、実行中の学習が記録の上に描き続けてしまいます。学習を停止（Shift+F5）してから記録を開いてください。学習中の経過を振り返りたいときは、開始する前に「ファイル &gt; 学習をフォルダに記録」をオンにして、タイムラインをドラッグしてください。</translation>
    </message>
    <message>
        <source>Open a recorded run (its folder)</source>
        <extracomment>File &gt; Record runs to folder... (checkable; set by the menus). File &gt; Runs... (made when first asked for, then kept: its ticks stay). A recording is being read (off the GUI thread: the window keeps repainting).</extracomment>
        <translation>記録した学習を開く（そのフォルダ）</translation>
    </message>
    <message>
        <source>Opening the recording {0}…</source>
        <translation>記録 {0} を開いています…</translation>
    </message>
    <message>
        <source>Cannot open the recording</source>
        <translation>記録を開けません</translation>
    </message>
    <message>
        <source>, test accuracy {0:.2%}</source>
        <translation>、テスト正解率 {0:.2%}</translation>
    </message>
    <message>
        <source>Replaying {0}: {1}, {2:,} steps{3}. Start trains a new run.</source>
        <translation>{0} を再生中: {1}、{2:,} ステップ{3}。「開始」で新しい学習を始めます。</translation>
    </message>
    <message>
        <source>Record every run into this folder</source>
        <translation>すべての学習をこのフォルダに記録</translation>
    </message>
</context>
<context>
    <name>ReplayController</name>
    <message>
        <source>Timeline</source>
        <extracomment>The slider&apos;s moves are coalesced over this many milliseconds (0: until the next pass of the event loop, after the moves already queued): the panels show the newest step as soon as the GUI thread is free, never a stale one. (120 ms made a drag&apos;s every frame wait up to 120 ms.) How often the timeline takes in the steps a live recording has added. A snapshot every this many steps in the recordings the window makes. Something a menu shows changed (replaying or not, recording or not). The panels were fed recorded step ``step`` (its repaint is queued: the benchmark times it). A live run&apos;s recorder could not be created or failed (one-line message). The data set chosen in the window (a recording made now is of it).</extracomment>
        <translation>タイムライン</translation>
    </message>
    <message>
        <source>the recording in {0} holds no steps yet; open it again once its run has trained a little</source>
        <extracomment>The recording the timeline covers (None: none yet). &quot;file&quot; (opened folder), &quot;live&quot; (the run being trained is recorded) or None. Folder the window records every run into (File &gt; Record runs to folder...), or None. True while the panels show a recorded step instead of the live run. The recorded step the panels show (None when live). After &quot;Live&quot;, the panels hold every step up to this one (from the recording, which runs ahead of the GUI): live step events up to it, still on their way, are dropped. Told the recording, step and folder name shown (set by the window: the view state then says &quot;a recorded step&quot;), and told None when the panels leave the replay. Follows an opened recording whose run is still being written (see .follow).</extracomment>
        <translation>{0} の記録にはまだステップがありません。学習が少し進んでから開き直してください</translation>
    </message>
    <message>
        <source>No recording</source>
        <translation>記録なし</translation>
    </message>
    <message>
        <source>This run is not recorded: {0}</source>
        <translation>この学習は記録されません：{0}</translation>
    </message>
    <message>
        <source>Live · recording to {0}</source>
        <translation>ライブ · {0} に記録中</translation>
    </message>
    <message>
        <source>Live</source>
        <translation>ライブ</translation>
    </message>
    <message>
        <source>The recording could not be finished: {0}</source>
        <translation>記録を最後まで書き込めませんでした：{0}</translation>
    </message>
    <message>
        <source>Reading the recording…</source>
        <translation>記録を読み込んでいます…</translation>
    </message>
    <message>
        <source>The recording could not be read back: {0}</source>
        <translation>記録を読み込み直せませんでした：{0}</translation>
    </message>
    <message>
        <source>Back to the live run…</source>
        <translation>現在の学習に戻っています…</translation>
    </message>
    <message>
        <source>Replaying step {0:,} of {1:,}</source>
        <translation>ステップ {0:,} / {1:,} を再生中</translation>
    </message>
    <message>
        <source> (training goes on) — Live ▸ returns</source>
        <translation>（学習は続いています）— 「ライブ ▸」で戻ります</translation>
    </message>
    <message>
        <source> · following: the run is still being written</source>
        <translation> · 追跡中: 学習はまだ記録されています</translation>
    </message>
    <message>
        <source>Live · {0:,} steps recorded to {1}</source>
        <translation>ライブ · {1} に {0:,} ステップを記録済み</translation>
    </message>
    <message>
        <source>The next run is recorded into {0}</source>
        <translation>次の学習は {0} に記録されます</translation>
    </message>
</context>
<context>
    <name>RunController</name>
    <message>
        <source>Not enough memory for this run</source>
        <translation>この学習にはメモリが足りません</translation>
    </message>
    <message>
        <source>Lower the batch size, then press Start again.</source>
        <translation>バッチサイズを小さくしてから、もう一度「開始」を押してください。</translation>
    </message>
    <message>
        <source>{0} is not loaded yet: File &gt; Choose data folder... to point at it.</source>
        <extracomment>True while the panels show a replayed step (set once the replay controller exists). Steps the live events already gave the panels from a recording (set by the replay controller). True if a run&apos;s weights are autosaved when it ends (set by the window).</extracomment>
        <translation>{0} がまだ読み込まれていません。「ファイル &gt; データフォルダを選択...」で場所を指定してください。</translation>
    </message>
    <message>
        <source>Cannot start training</source>
        <translation>学習を開始できません</translation>
    </message>
    <message>
        <source>A new run from step 0: the previous one ({0:,} steps) is in File &gt; Open model..., autosaved</source>
        <translation>ステップ 0 から新しい学習を始めました。前回の学習({0:,} ステップ)は自動保存され、ファイル &gt; モデルを開く... から開けます</translation>
    </message>
    <message>
        <source>A new run from step 0: the previous one ({0:,} steps) was not saved</source>
        <translation>ステップ 0 から新しい学習を始めました。前回の学習({0:,} ステップ)は保存されていません</translation>
    </message>
    <message>
        <source>Learning rate {0:g} from the next step on</source>
        <translation>次のステップから学習率 {0:g}</translation>
    </message>
    <message>
        <source>L2 penalty {0:g} from the next step on</source>
        <translation>次のステップから L2 罰則 {0:g}</translation>
    </message>
    <message>
        <source>Training paused at step {0:,}: the loss diverged</source>
        <translation>ステップ {0:,} で学習を一時停止しました：損失が発散しました</translation>
    </message>
    <message>
        <source>Training stopped</source>
        <translation>学習が止まりました</translation>
    </message>
    <message>
        <source>You can change the settings and start again.</source>
        <translation>設定を変えて、もう一度開始できます。</translation>
    </message>
    <message>
        <source>Weights reset: step 0 (paused: Space resumes, F10 steps)</source>
        <translation>重みをリセットしました：ステップ 0（一時停止中：Space で再開、F10 で 1 ステップ）</translation>
    </message>
    <message>
        <source>Weights reset: step 0</source>
        <translation>重みをリセットしました：ステップ 0</translation>
    </message>
    <message>
        <source>Stopped at step {0:,}</source>
        <translation>ステップ {0:,} で停止しました</translation>
    </message>
    <message>
        <source>&amp;Resume</source>
        <translation>再開(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>一時停止(&amp;P)</translation>
    </message>
    <message>
        <source>Loading PyTorch and {0}...</source>
        <translation>PyTorch と {0} を読み込んでいます...</translation>
    </message>
    <message>
        <source>{0} is not loaded: File &gt; Choose data folder...</source>
        <translation>{0} が読み込まれていません：ファイル &gt; データフォルダを選択...</translation>
    </message>
    <message>
        <source>Start training with these settings (Ctrl+Return, F5)</source>
        <translation>この設定で学習を開始（Ctrl+Return、F5）</translation>
    </message>
</context>
<context>
    <name>RunKeeper</name>
    <message>
        <source>The run ended at step {0:,}; its weights were autosaved to {1}. Keep them somewhere of your choosing?</source>
        <extracomment>Show a checked checkpoint in every panel (path, checkpoint) -&gt; False while a run trains (set by the window: the view controller&apos;s show_checkpoint). The run trained last: its live Weights (reader, TrainConfig, step), from :meth:`on_run_created` (the view controller&apos;s run_created); None before the first.</extracomment>
        <translation>学習はステップ {0:,} で終わりました。重みは {1} に自動保存されています。好きな場所にも保存しておきますか？</translation>
    </message>
    <message>
        <source>Could not autosave the run: {0}</source>
        <translation>学習を自動保存できませんでした：{0}</translation>
    </message>
    <message>
        <source>Nothing to save yet: train a few steps first</source>
        <translation>まだ保存するものがありません：先に数ステップ学習してください</translation>
    </message>
    <message>
        <source>Save the trained model</source>
        <translation>学習したモデルを保存</translation>
    </message>
    <message>
        <source>mnist-viz checkpoints (*.pt);;All files (*)</source>
        <translation>mnist-viz のチェックポイント (*.pt);;すべてのファイル (*)</translation>
    </message>
    <message>
        <source>The model was not saved</source>
        <translation>モデルは保存されませんでした</translation>
    </message>
    <message>
        <source>Saved the model (step {0:,}) to {1}</source>
        <translation>モデル（ステップ {0:,}）を {1} に保存しました</translation>
    </message>
    <message>
        <source>The trained weights are kept: they are still in the window, and a copy is in {0}. Save them somewhere else?</source>
        <translation>学習した重みは失われていません。ウィンドウに残っており、コピーが {0} にあります。別の場所に保存しますか？</translation>
    </message>
    <message>
        <source>The trained weights are kept in the window until it is closed or a new run starts. Save them somewhere else?</source>
        <translation>学習した重みは、ウィンドウを閉じるか新しい学習を始めるまでウィンドウに残っています。別の場所に保存しますか？</translation>
    </message>
    <message>
        <source>Save elsewhere...</source>
        <translation>別の場所に保存...</translation>
    </message>
    <message>
        <source>Open a trained model</source>
        <translation>学習済みのモデルを開く</translation>
    </message>
    <message>
        <source>{0} holds a {1} model, but the {2} model is chosen; choose the {1} model under Training first, or open a {2} checkpoint</source>
        <translation type="vanished">{0} は {1} モデルですが、選択中のモデルは {2} です。先に「学習」で {1} モデルを選ぶか、{2} のチェックポイントを開いてください</translation>
    </message>
    <message>
        <source>The model could not be opened</source>
        <translation>モデルを開けませんでした</translation>
    </message>
    <message>
        <source>{0} is a valid {1} checkpoint (no panel to show it in)</source>
        <translation>{0} は有効な {1} のチェックポイントです（表示できるパネルがありません）</translation>
    </message>
    <message>
        <source>, test accuracy {0:.2%}</source>
        <translation>、テスト正解率 {0:.2%}</translation>
    </message>
    <message>
        <source>Opened {0} ({1}, step {2:,}{3}): every panel shows it</source>
        <translation>{0} を開きました({1}、ステップ {2:,}{3})。すべてのパネルがこのモデルを表示します</translation>
    </message>
    <message>
        <source>Opened {0} ({1}, step {2:,}{3}): the Draw a digit panel answers with it; the other panels keep showing the run being trained</source>
        <translation>{0} を開きました({1}、ステップ {2:,}{3})。「数字を描く」パネルがこのモデルで答えます。ほかのパネルは学習中のモデルを表示し続けます</translation>
    </message>
    <message>
        <source>Opened {0} ({1}, step {2:,}{3}): the Draw a digit panel answers with it</source>
        <translation type="vanished">{0} を開きました（{1}、ステップ {2:,}{3}）。「数字を描く」パネルがこのモデルで推論します</translation>
    </message>
    <message>
        <source> (a copy was autosaved to {0})</source>
        <translation>（コピーは {0} に自動保存されています）</translation>
    </message>
    <message>
        <source>Save the trained model?</source>
        <translation>学習したモデルを保存しますか？</translation>
    </message>
    <message>
        <source>The {0} model trained for {1:,} steps has not been saved{2}. Save it before closing?</source>
        <translation>{1:,} ステップ学習した {0} モデルはまだ保存されていません{2}。閉じる前に保存しますか？</translation>
    </message>
</context>
<context>
    <name>RunsDialog</name>
    <message>
        <source>Runs</source>
        <extracomment>Sort keys come back under this role (numbers as numbers; an unknown value sorts first). The folders of the ticked runs.</extracomment>
        <translation>学習の一覧</translation>
    </message>
    <message>
        <source>No folder chosen</source>
        <translation>フォルダが選ばれていません</translation>
    </message>
    <message>
        <source>Choose folder...</source>
        <translation>フォルダを選ぶ...</translation>
    </message>
    <message>
        <source>The folder that holds the recordings (each in a sub-folder), e.g. the one File &gt; Record runs to folder writes into</source>
        <translation>記録（それぞれサブフォルダ）を収めたフォルダ。たとえば「ファイル &gt; 学習をフォルダに記録」の記録先</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>再読み込み</translation>
    </message>
    <message>
        <source>List the folder&apos;s recordings again (done every 2 s on its own while a run in it is being written)</source>
        <translation>フォルダの記録を読み直します（記録中の学習があるあいだは 2 秒ごとに自動で読み直します）</translation>
    </message>
    <message>
        <source>Untick all</source>
        <translation>チェックをすべて外す</translation>
    </message>
    <message>
        <source>Take every run off the Loss panel</source>
        <translation>損失パネルから重ねた学習をすべて消す</translation>
    </message>
    <message>
        <source>Replay</source>
        <translation>再生</translation>
    </message>
    <message>
        <source>Open the selected run as File &gt; Open recording does: every panel shows it, the timeline goes through its steps</source>
        <translation>選んだ学習を「ファイル &gt; 記録を開く」と同じように開きます。すべてのパネルがそれを表示し、タイムラインでステップをたどれます</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>閉じる</translation>
    </message>
    <message>
        <source>Tick runs to draw their loss (solid) and test accuracy (dashed) on the Loss panel, each in its own colour; the columns between Data set and Test accuracy are the settings that differ between the runs. Double-click a run to replay it.</source>
        <translation>チェックした学習の損失（実線）とテスト正解率（破線）を、学習ごとに色を変えて損失パネルに重ねて描きます。「データセット」と「テスト正解率」のあいだの列は、学習どうしで異なる設定です。ダブルクリックでその学習を再生します。</translation>
    </message>
    <message>
        <source>Choose the folder that holds the recordings</source>
        <translation>記録を収めたフォルダを選ぶ</translation>
    </message>
    <message>
        <source>{0} runs</source>
        <translation>学習 {0} 件</translation>
    </message>
    <message>
        <source>No recordings in this folder (a recording is a folder written by &apos;mnist-viz train --record DIR&apos; or File &gt; Record runs to folder)</source>
        <translation>このフォルダに記録はありません（記録とは &apos;mnist-viz train --record DIR&apos; または「ファイル &gt; 学習をフォルダに記録」が書くフォルダです）</translation>
    </message>
    <message>
        <source>{0} more folders not listed; choose a folder with fewer</source>
        <translation>ほかに {0} 個のフォルダは一覧にしていません。もっと少ないフォルダを選んでください</translation>
    </message>
    <message>
        <source>listed again every 2 s</source>
        <translation>2 秒ごとに読み直し中</translation>
    </message>
    <message>
        <source>Cannot draw a run: {0}</source>
        <translation>学習を描けません: {0}</translation>
    </message>
</context>
<context>
    <name>RunsTable</name>
    <message>
        <source>Optimiser</source>
        <extracomment>How often the list is read again while a run in it is being written. The settings&apos; names as column headers (any other setting: its field name, spaced).</extracomment>
        <translation>最適化手法</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>学習率</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>バッチサイズ</translation>
    </message>
    <message>
        <source>Steps asked</source>
        <translation>指定ステップ数</translation>
    </message>
    <message>
        <source>Keep prob.</source>
        <translation>保持確率</translation>
    </message>
    <message>
        <source>Initial weights</source>
        <translation>初期重み</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>シード</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>デバイス</translation>
    </message>
    <message>
        <source>Evaluate every</source>
        <translation>評価の間隔</translation>
    </message>
    <message>
        <source>Loss reduction</source>
        <translation>損失の集計</translation>
    </message>
    <message>
        <source>Schedule</source>
        <translation>学習率スケジュール</translation>
    </message>
    <message>
        <source>Precision</source>
        <translation>精度（数値形式）</translation>
    </message>
    <message>
        <source>Augmentation</source>
        <translation>データ拡張</translation>
    </message>
    <message>
        <source>finished</source>
        <translation>終了</translation>
    </message>
    <message>
        <source>being written</source>
        <translation>記録中</translation>
    </message>
    <message>
        <source>stalled</source>
        <translation>停止（更新なし）</translation>
    </message>
    <message>
        <source>broken</source>
        <translation>読めない</translation>
    </message>
    <message>
        <source>Run</source>
        <extracomment>The columns before and after the differing settings.</extracomment>
        <translation>学習</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>モデル</translation>
    </message>
    <message>
        <source>Data set</source>
        <translation>データセット</translation>
    </message>
    <message>
        <source>Test accuracy</source>
        <translation>テスト正解率</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>ステップ数</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>所要時間</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状態</translation>
    </message>
</context>
<context>
    <name>SoftmaxWeightsPanel</name>
    <message>
        <source>Auto range</source>
        <translation>自動範囲</translation>
    </message>
    <message>
        <source>Colour range ±max|W|, following the weights as they grow</source>
        <translation>色の範囲 ±max|W|。重みが大きくなるのに合わせます</translation>
    </message>
    <message>
        <source>Fixed colour range: weights beyond it saturate</source>
        <translation>固定した色の範囲: それを超える重みは飽和して表示されます</translation>
    </message>
    <message>
        <source>Colours:</source>
        <translation>色：</translation>
    </message>
    <message>
        <source>W[:, k] as 28×28, for each digit k</source>
        <translation>W[:, k] を 28×28 で、数字 k ごとに</translation>
    </message>
    <message>
        <source> · step {0:,}</source>
        <translation> · ステップ {0:,}</translation>
    </message>
    <message>
        <source> · deskewed</source>
        <translation> · 傾き補正済み</translation>
    </message>
    <message>
        <source>W[:, k] as 28×28, for each class k</source>
        <translation>W[:, k] を 28×28 で、クラス k ごとに</translation>
    </message>
</context>
<context>
    <name>StartHerePage</name>
    <message>
        <source>Softmax</source>
        <extracomment>The lesson that answers &quot;why small random weights?&quot; (Help &gt; Experiment, the Init control&apos;s help). The concepts of the tutorial write-up, in its order.</extracomment>
        <translation>ソフトマックス</translation>
    </message>
    <message>
        <source>Softmax turns the model&apos;s ten scores for an image into ten probabilities that add up to 1; softmax regression, the first tutorial&apos;s model, scores each digit with one 28×28 template of weights. Press Start and watch the ten templates take the shape of the digits.</source>
        <translation>ソフトマックスは、モデルが画像に付けた 10 個の点数を、合計 1 になる 10 個の確率に変えます。最初のチュートリアルのモデルであるソフトマックス回帰は、各数字を 28×28 の重みのテンプレート 1 枚で採点します。「開始」を押して、10 枚のテンプレートが数字の形になっていくのを見てください。</translation>
    </message>
    <message>
        <source>Cross-entropy</source>
        <translation>交差エントロピー</translation>
    </message>
    <message>
        <source>The loss is −ln p, where p is the probability the model gives the right digit: 2.30 for an even guess among ten, near 0 when it is right and sure. The loss curve starts at 2.30 with tutorial-softmax and falls as the model learns.</source>
        <translation>損失は −ln p です。p はモデルが正しい数字に与えた確率で、10 択を当てずっぽうで選べば 2.30、自信を持って正解すれば 0 に近くなります。tutorial-softmax では損失の曲線は 2.30 から始まり、モデルが学ぶにつれて下がります。</translation>
    </message>
    <message>
        <source>Gradient descent and the learning rate</source>
        <translation>勾配降下法と学習率</translation>
    </message>
    <message>
        <source>Every step moves each weight a little downhill: the learning rate times the slope of the loss. The lesson trains a too small, a good and a too large rate on the same batches: one crawls, one learns, one overshoots until the loss explodes.</source>
        <translation>毎ステップ、各重みを少しずつ坂の下へ動かします：動かす量は学習率 × 損失の傾きです。このレッスンは、小さすぎる学習率、ちょうどよい学習率、大きすぎる学習率を同じミニバッチで学習します：1 つは這うように進み、1 つは学び、1 つは行き過ぎて損失が発散します。</translation>
    </message>
    <message>
        <source>Lesson: three learning rates</source>
        <translation>レッスン：3 つの学習率</translation>
    </message>
    <message>
        <source>Convolution</source>
        <translation>畳み込み</translation>
    </message>
    <message>
        <source>A convolution slides small filters over the image; each filter responds where the image looks like it, anywhere in the image. The preset watch-cnn is made for watching conv1&apos;s 32 filters form: blotches and bars within about 300 steps.</source>
        <translation>畳み込みは小さなフィルタを画像の上で滑らせます。各フィルタは、画像のどこであれ自分に似ているところで強く反応します。プリセット watch-cnn は conv1 の 32 個のフィルタができていく様子を見るためのもので、約 300 ステップで斑点や棒の形が現れます。</translation>
    </message>
    <message>
        <source>Pooling</source>
        <translation>プーリング</translation>
    </message>
    <message>
        <source>Max pooling keeps the largest value of every 2×2 block: each feature map shrinks to a quarter, and a stroke moved by a pixel matters less. Compare conv1 with pool1 in the feature maps: the same patterns at half the resolution.</source>
        <translation>最大プーリングは 2×2 のブロックごとに最大の値だけを残します：各特徴マップは 4 分の 1 の大きさになり、線が 1 ピクセルずれても影響が小さくなります。特徴マップで conv1 と pool1 を比べてください：同じ模様が半分の解像度で見えます。</translation>
    </message>
    <message>
        <source>ReLU</source>
        <translation>ReLU</translation>
    </message>
    <message>
        <source>ReLU is max(0, x): it passes a positive value and its gradient unchanged and stops a negative one. The lesson trains one deeper network with ReLU, sigmoid and tanh and shows each layer&apos;s gradient: with sigmoid the first layers&apos; gradients fade away (vanishing gradients).</source>
        <translation>ReLU は max(0, x) です：正の値とその勾配はそのまま通し、負の値は止めます。このレッスンは同じ深いネットワークを ReLU、シグモイド、tanh で学習し、各層の勾配を見せます：シグモイドでは最初の層の勾配が消えていきます（勾配消失）。</translation>
    </message>
    <message>
        <source>Lesson: ReLU, sigmoid, tanh</source>
        <translation>レッスン：ReLU、シグモイド、tanh</translation>
    </message>
    <message>
        <source>Dropout</source>
        <translation>ドロップアウト</translation>
    </message>
    <message>
        <source>In training, dropout switches off a random half of fc1&apos;s units for every image, so that no unit can rely on another. The lesson trains on only 1,000 images with and without dropout and measures the gap between training and test accuracy (over-fitting).</source>
        <translation>学習中、ドロップアウトは画像ごとに fc1 のユニットのランダムな半分を切るので、どのユニットも他のユニットに頼れません。このレッスンは 1,000 枚の画像だけでドロップアウトありとなしを学習し、訓練とテストの正解率の差（過学習）を測ります。</translation>
    </message>
    <message>
        <source>Lesson: dropout and over-fitting</source>
        <translation>レッスン：ドロップアウトと過学習</translation>
    </message>
    <message>
        <source>Adam</source>
        <translation>Adam</translation>
    </message>
    <message>
        <source>Adam scales each weight&apos;s step by the size of its recent gradients, which makes it fast and forgiving of the learning rate. The lesson trains the CNN with plain gradient descent, momentum and Adam on the same batches.</source>
        <translation>Adam は各重みの歩幅を、その重みの最近の勾配の大きさで割って調整します。そのため速く、学習率の選び方にも寛容です。このレッスンは CNN を、ふつうの勾配降下法、モーメンタム、Adam で同じミニバッチを使って学習します。</translation>
    </message>
    <message>
        <source>Lesson: three optimisers</source>
        <translation>レッスン：3 つの最適化手法</translation>
    </message>
    <message>
        <source>Back-propagation</source>
        <translation>誤差逆伝播法</translation>
    </message>
    <message>
        <source>Back-propagation computes every weight&apos;s gradient in one backward sweep, from the loss down to the image, by the chain rule. The distributions show each layer&apos;s gradients and their size while the CNN trains.</source>
        <translation>誤差逆伝播法は、損失から画像へ向かって逆にたどる 1 回の計算で、連鎖律によってすべての重みの勾配を求めます。CNN の学習中、分布パネルが各層の勾配とその大きさを見せます。</translation>
    </message>
    <message>
        <source>Initialisation</source>
        <translation>重みの初期化</translation>
    </message>
    <message>
        <source>The weights must start random: filters that start equal get equal gradients and stay copies of one another, and a start of all zeros cannot learn at all. The lesson trains the CNN from different starts side by side.</source>
        <translation>重みは乱数から始めなければなりません：同じ値から始まったフィルタは同じ勾配を受け取って互いのコピーのままで、すべて 0 から始めるとまったく学習できません。このレッスンは CNN を異なる初期値から並べて学習します。</translation>
    </message>
    <message>
        <source>Lesson: why small random weights?</source>
        <translation>レッスン：なぜ小さな乱数で初期化するの？</translation>
    </message>
    <message>
        <source>Start here</source>
        <extracomment>A button did its job (the item&apos;s concept key).</extracomment>
        <translation>はじめに</translation>
    </message>
    <message>
        <source>&lt;h2&gt;Start here&lt;/h2&gt;&lt;p&gt;The ideas of the two TensorFlow tutorials, in their order. Each button sets the window up for one: it loads a preset and shows the panel to watch (then press &lt;b&gt;Start&lt;/b&gt;, Ctrl+Return), or opens a lesson: a small experiment that trains two to four networks side by side on the same batches. &lt;i&gt;More&lt;/i&gt; opens the concept&apos;s paragraph in Help &amp;gt; Concepts.&lt;/p&gt;</source>
        <extracomment>concept key -&gt; its button</extracomment>
        <translation>&lt;h2&gt;はじめに&lt;/h2&gt;&lt;p&gt;2 つの TensorFlow チュートリアルの考え方を、その順に並べました。各ボタンはウィンドウをその考え方に合わせて準備します：プリセットを読み込んで見るべきパネルを表示する（そのあと &lt;b&gt;開始&lt;/b&gt;、Ctrl+Return）か、レッスンを開きます。レッスンは、2～4 個のネットワークを同じミニバッチで並べて学習する小さな実験です。&lt;i&gt;詳しく&lt;/i&gt; はヘルプ &amp;gt; 概念の解説のその項目を開きます。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>More…</source>
        <translation>詳しく…</translation>
    </message>
    <message>
        <source>This page opens by itself on the first start only; Help &gt; Start here brings it back.</source>
        <translation>このページが自動で開くのは最初の起動のときだけです。ヘルプ &gt; はじめに でまた開けます。</translation>
    </message>
    <message>
        <source>Load {0}, show {1}</source>
        <translation>{0} を読み込み、{1} を表示</translation>
    </message>
    <message>
        <source>Opens the lesson&apos;s window; Start trains its networks side by side</source>
        <translation>レッスンのウィンドウを開きます。「開始」でネットワークを並べて学習します</translation>
    </message>
    <message>
        <source>Loads the preset {0} into the Training controls and brings the {1} panel to the front; Start (Ctrl+Return) trains it</source>
        <translation>プリセット {0} を学習の設定に読み込み、{1} パネルを前面に出します。「開始」（Ctrl+Return）で学習します</translation>
    </message>
</context>
<context>
    <name>TimelineBar</name>
    <message>
        <source>Replay the recorded run: drag the slider to any recorded step, and every panel shows the run as it was then (loss curve up to that step, weights, filters, activations, confusion matrix). Play walks through the recording; Live goes back to the run being trained.</source>
        <extracomment>Recorded steps shown per second while playing.</extracomment>
        <translation>記録した学習を再生します。スライダーを記録済みのステップまでドラッグすると、すべてのパネルがその時点の学習の様子（そのステップまでの損失曲線、重み、フィルタ、活性、混同行列）を表示します。再生ボタンで記録を順にたどり、「ライブ」で現在の学習に戻ります。</translation>
    </message>
    <message>
        <source>Play the recording ({0:g} recorded steps a second)</source>
        <extracomment>The user chose a recorded step (slider moved, or playing advanced). The user asked to see the live run again.</extracomment>
        <translation>記録を再生します（1 秒に記録ステップ {0:g} 個ずつ）</translation>
    </message>
    <message>
        <source>Live ▸</source>
        <translation>ライブ ▸</translation>
    </message>
    <message>
        <source>Show the run being trained again (training goes on while you replay)</source>
        <translation>現在の学習の表示に戻ります（再生中も学習は続いています）</translation>
    </message>
    <message>
        <source>No run is being trained: nothing live to show</source>
        <translation>学習は行われていません：ライブで表示するものはありません</translation>
    </message>
</context>
<context>
    <name>TrainingStatusBar</name>
    <message>
        <source>Idle</source>
        <extracomment>What the training thread is doing, as the status bar names it (translated when shown).</extracomment>
        <translation>待機中</translation>
    </message>
    <message>
        <source>Loading</source>
        <translation>読み込み中</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>学習中</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>一時停止中</translation>
    </message>
    <message>
        <source>Replaying</source>
        <translation>再生中</translation>
    </message>
    <message>
        <source>Which weights the panels show: the run, a checkpoint, the shipped model or a recorded step</source>
        <extracomment>Which weights the panels show, in words (see gui.controllers.view).</extracomment>
        <translation>パネルが表示している重み: 学習中のモデル、チェックポイント、同梱モデル、または記録されたステップ</translation>
    </message>
    <message>
        <source>What the training thread is doing</source>
        <translation>学習スレッドの状態</translation>
    </message>
    <message>
        <source>Optimisation steps done / steps in the run</source>
        <translation>終わったステップ数 / 全ステップ数</translation>
    </message>
    <message>
        <source>Passes over the training set</source>
        <translation>訓練データを何周したか（エポック）</translation>
    </message>
    <message>
        <source>Training examples per second (recent steps)</source>
        <translation>1 秒あたりに処理した訓練データ数（直近のステップ）</translation>
    </message>
    <message>
        <source>Time left for the remaining steps at the current speed</source>
        <translation>今の速さで残りのステップにかかる時間</translation>
    </message>
    <message>
        <source>Mean cross-entropy per example of the last batch</source>
        <translation>直近のミニバッチの、1 データあたりの交差エントロピー（平均）</translation>
    </message>
    <message>
        <source>Accuracy on the test set at the last evaluation</source>
        <translation>直近の評価でのテストデータの正解率</translation>
    </message>
    <message>
        <source>step {0:,} / {1:,}</source>
        <translation>ステップ {0:,} / {1:,}</translation>
    </message>
    <message>
        <source>epoch {0:.2f}</source>
        <translation>エポック {0:.2f}</translation>
    </message>
    <message>
        <source>{0:,.0f} samples/s</source>
        <translation>{0:,.0f} 件/秒</translation>
    </message>
    <message>
        <source>ETA {0}</source>
        <translation>残り {0}</translation>
    </message>
    <message>
        <source>loss {0:.4g}</source>
        <translation>損失 {0:.4g}</translation>
    </message>
    <message>
        <source>test accuracy {0:.2%}</source>
        <translation>テスト正解率 {0:.2%}</translation>
    </message>
    <message>
        <source>Finished {0:,} steps in {1}: test accuracy {2:.2%}</source>
        <translation>{0:,} ステップを {1} で終了：テスト正解率 {2:.2%}</translation>
    </message>
    <message>
        <source>Finished {0:,} steps in {1}</source>
        <translation>{0:,} ステップを {1} で終了</translation>
    </message>
    <message>
        <source>Stopped at step {0:,}</source>
        <translation>ステップ {0:,} で停止しました</translation>
    </message>
</context>
<context>
    <name>UnitsPanel</name>
    <message>
        <source>{0} (conv channel)</source>
        <extracomment>How each kind of layer is named in the layer box (translated where shown, context &quot;UnitsPanel&quot;).</extracomment>
        <translation>{0}（畳み込みチャンネル）</translation>
    </message>
    <message>
        <source>{0} (fc unit)</source>
        <translation>{0}（全結合ユニット）</translation>
    </message>
    <message>
        <source>output (class)</source>
        <translation>output（クラス）</translation>
    </message>
    <message>
        <source>The layer whose unit is shown</source>
        <translation>表示するユニットの層</translation>
    </message>
    <message>
        <source>The unit (a channel, a unit or a class) of that layer</source>
        <translation>その層のユニット（チャンネル、ユニット、またはクラス）</translation>
    </message>
    <message>
        <source>Find</source>
        <translation>探す</translation>
    </message>
    <message>
        <source>Find the unit&apos;s top test images and optimise its favourite input</source>
        <translation>ユニットの上位テスト画像を探し、好みの入力を最適化します</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>層</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>ユニット</translation>
    </message>
    <message>
        <source>top 9 test images</source>
        <translation>上位 9 枚のテスト画像</translation>
    </message>
    <message>
        <source>its favourite input</source>
        <translation>好みの入力</translation>
    </message>
    <message>
        <source>The unit could not be shown: {0}</source>
        <translation>ユニットを表示できませんでした：{0}</translation>
    </message>
    <message>
        <source>The layers could not be listed: {0}</source>
        <translation>層の一覧を作れませんでした：{0}</translation>
    </message>
    <message>
        <source>Finding the top images of {0} unit {1}: {2:,} of {3:,} test images…</source>
        <translation>{0} のユニット {1} の上位の画像を探しています：テスト画像 {3:,} 枚中 {2:,} 枚…</translation>
    </message>
    <message>
        <source>Not shown: {0}</source>
        <translation>表示できません：{0}</translation>
    </message>
    <message>
        <source>#{0}</source>
        <translation>#{0}</translation>
    </message>
    <message>
        <source>best first, test image and its largest activation: {0}</source>
        <translation>上位から順に、テスト画像とその最大の活性化：{0}</translation>
    </message>
    <message>
        <source>Computed when asked (Find, or a change of unit).</source>
        <translation>求められたときに計算します（探す、またはユニットの変更）。</translation>
    </message>
    <message>
        <source>The top images pass the whole test set through the network up to the layer (3 to 13 s for the CNN&apos;s conv2 on a 2-core machine, depending on its load; another unit of the same layer is then free); the favourite input takes 256 optimisation steps (1 to 5 s).</source>
        <translation>上位の画像にはテストデータ全体をその層までネットワークに通します（2 コアのマシンで CNN の conv2 に、負荷によって 3〜13 秒。その後、同じ層の別のユニットはすぐ表示できます）。好みの入力には 256 回の最適化ステップ（1〜5 秒）がかかります。</translation>
    </message>
    <message>
        <source>step {0} of {1}: activation {2:.2f}; the mean test image: {3:.2f}</source>
        <translation>ステップ {0}/{1}：活性化 {2:.2f}、平均テスト画像：{3:.2f}</translation>
    </message>
    <message>
        <source>({0:.1f}×)</source>
        <translation>（{0:.1f} 倍）</translation>
    </message>
    <message>
        <source>· done in {0:.1f} s</source>
        <translation>· {0:.1f} 秒で完了</translation>
    </message>
    <message>
        <source>A replayed step keeps only the parts it recorded; this panel needs all the weights: go back to Live, or open a checkpoint of the run.</source>
        <translation type="vanished">再生中のステップには記録された部分しかありません。このパネルにはすべての重みが必要です。ライブに戻るか、その実行のチェックポイントを開いてください。</translation>
    </message>
    <message>
        <source>Waiting for the test set to load…</source>
        <translation>テストデータの読み込みを待っています…</translation>
    </message>
    <message>
        <source>No weights to show yet: train a model, or choose the shipped one.</source>
        <translation>表示する重みがまだありません。モデルを学習させるか、同梱モデルを選んでください。</translation>
    </message>
    <message>
        <source>Computing…</source>
        <translation>計算中…</translation>
    </message>
    <message>
        <source>step {0}</source>
        <translation>ステップ {0}</translation>
    </message>
    <message>
        <source>shipped</source>
        <translation>同梱モデル</translation>
    </message>
    <message>
        <source>{0} unit {1} at {2}, top images found in {3:.1f} s.</source>
        <translation>{0} のユニット {1}（{2}）、上位の画像を {3:.1f} 秒で見つけました。</translation>
    </message>
    <message>
        <source>The weights have changed since: Find again to update.</source>
        <translation>その後、重みが変わりました。更新するにはもう一度「探す」を押してください。</translation>
    </message>
    <message>
        <source>Optimising…</source>
        <translation>最適化中…</translation>
    </message>
</context>
<context>
    <name>VariantColumn</name>
    <message>
        <source>distinct filters</source>
        <extracomment>The lesson&apos;s measures, as the columns name them (core.lessons&apos; keys; others are shown as they are).</extracomment>
        <translation>相異なるフィルタ</translation>
    </message>
    <message>
        <source>largest change since step 0</source>
        <translation>ステップ 0 からの最大の変化</translation>
    </message>
    <message>
        <source>largest |weight|</source>
        <translation>最大の |重み|</translation>
    </message>
    <message>
        <source>first ÷ last layer&apos;s gradient norm</source>
        <translation>勾配ノルムの比（最初の層 ÷ 最後の層）</translation>
    </message>
    <message>
        <source>training − test accuracy</source>
        <translation>訓練 − テストの正解率</translation>
    </message>
    <message>
        <source>step</source>
        <extracomment>The newest report (core.lessons.VariantReport).</extracomment>
        <translation>ステップ</translation>
    </message>
    <message>
        <source>gradient norm per layer</source>
        <translation>層ごとの勾配ノルム</translation>
    </message>
    <message>
        <source>accuracy</source>
        <translation>正解率</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>損失</translation>
    </message>
    <message>
        <source>press Start</source>
        <extracomment>Every step&apos;s loss so far: steps and values (from the reports&apos; &quot;losses&quot; arrays). At every report: its step, and each measure, accuracy and the loss there.</extracomment>
        <translation>「開始」を押してください</translation>
    </message>
    <message>
        <source>not trained yet: press Start</source>
        <translation>まだ学習していません：「開始」を押してください</translation>
    </message>
    <message>
        <source>conv1 filter {0} ({1})</source>
        <translation>conv1 のフィルタ {0}（{1}）</translation>
    </message>
    <message>
        <source>template of digit {0} ({1})</source>
        <translation>数字 {0} のテンプレート（{1}）</translation>
    </message>
    <message>
        <source>conv1 · {0} filters</source>
        <translation>conv1 · フィルタ {0} 個</translation>
    </message>
    <message>
        <source>{0} templates</source>
        <translation>テンプレート {0} 枚</translation>
    </message>
    <message>
        <source>{0} · step {1}</source>
        <translation>{0} · ステップ {1}</translation>
    </message>
    <message>
        <source>training images (dropout off)</source>
        <translation>訓練画像（ドロップアウトなし）</translation>
    </message>
    <message>
        <source>test</source>
        <translation>テスト</translation>
    </message>
    <message>
        <source>Diverged at step {0}: the loss became NaN, infinite or more than 100 per image, so this network stopped training (the others go on). In the main window such a run pauses itself, with a banner saying why.</source>
        <translation>ステップ {0} で発散しました：損失が NaN、無限大、または画像 1 枚あたり 100 を超えたので、このネットワークは学習をやめました（ほかは続けます）。メインウィンドウでは、このような学習は自動で一時停止し、理由をバナーに表示します。</translation>
    </message>
    <message>
        <source>step {0} · loss {1} · batch accuracy {2}</source>
        <translation>ステップ {0} · 損失 {1} · ミニバッチ正解率 {2}</translation>
    </message>
    <message>
        <source>test accuracy {0}</source>
        <translation>テスト正解率 {0}</translation>
    </message>
    <message>
        <source>on the training images {0} (dropout off)</source>
        <translation>訓練画像で {0}（ドロップアウトなし）</translation>
    </message>
    <message>
        <source>{0} of {1} filters distinct</source>
        <translation>フィルタ {1} 個のうち相異なるもの {0} 個</translation>
    </message>
    <message>
        <source>{0} points</source>
        <translation>{0} ポイント</translation>
    </message>
</context>
<context>
    <name>ViewController</name>
    <message>
        <source>The panels could not be updated: {0}</source>
        <extracomment>Names of the shipped models, for the status bar. What the panels show, in words, for the status bar (&quot;this run, step 1,000&quot;, ...). One line for the status bar (a probe a recording cannot show, an inspection that failed). A run was created: its live Weights (origin &quot;live&quot;, its TrainConfig in ``config``, a reader of its full state dict that works during and after the run). Autosave and File &gt; Save model... learn the run from this and the worker&apos;s events. The model the control panel has chosen (the docks on screen are that model&apos;s). (test images uint8 (N, 28, 28), labels) of the data set loaded, or None. True while the panels show a replayed step (set once the replay controller exists). Re-show the replayed step (set once the replay controller exists). The weights of the run trained last in this window (None before the first run). Seconds the newest inspection took (tests and the bench read it).</extracomment>
        <translation>パネルを更新できませんでした: {0}</translation>
    </message>
    <message>
        <source>this run</source>
        <translation>この学習</translation>
    </message>
    <message>
        <source>A recording holds the activations of the probe it was recorded with only: the panels show that one</source>
        <translation>記録には、記録したときのプローブ画像の活性しか残っていません。パネルはその画像を表示します</translation>
    </message>
    <message>
        <source>Showing: the run being trained</source>
        <translation>表示中: 学習中のモデル</translation>
    </message>
    <message>
        <source>Showing: the last run, step {0:,}</source>
        <translation>表示中: 前回の学習(ステップ {0:,})</translation>
    </message>
    <message>
        <source>Showing: {0}</source>
        <translation>表示中: {0}</translation>
    </message>
    <message>
        <source>Showing: the shipped model (trained for you; press Start to train your own)</source>
        <translation>表示中: 同梱の学習済みモデル(「開始」で自分のモデルを学習できます)</translation>
    </message>
    <message>
        <source>Showing: a recorded step</source>
        <translation>表示中: 記録されたステップ</translation>
    </message>
</context>
<context>
    <name>WindowMenus</name>
    <message>
        <source>&amp;Start</source>
        <extracomment>The training commands, with their shortcuts (also in the Training menu and as buttons).</extracomment>
        <translation>開始(&amp;S)</translation>
    </message>
    <message>
        <source>Start training with these settings</source>
        <translation>この設定で学習を開始</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>一時停止(&amp;P)</translation>
    </message>
    <message>
        <source>Pause or resume training</source>
        <translation>学習を一時停止／再開</translation>
    </message>
    <message>
        <source>S&amp;tep</source>
        <translation>ステップ(&amp;T)</translation>
    </message>
    <message>
        <source>Train on one more batch, then pause</source>
        <translation>もう 1 ミニバッチだけ学習して一時停止</translation>
    </message>
    <message>
        <source>St&amp;op</source>
        <translation>停止(&amp;O)</translation>
    </message>
    <message>
        <source>End the run</source>
        <translation>学習を終了</translation>
    </message>
    <message>
        <source>&amp;Reset weights</source>
        <translation>重みをリセット(&amp;R)</translation>
    </message>
    <message>
        <source>Start the run again from fresh weights (step 0)</source>
        <translation>新しい重みで学習をやり直す（ステップ 0 から）</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>ファイル(&amp;F)</translation>
    </message>
    <message>
        <source>Choose &amp;data folder...</source>
        <translation>データフォルダを選択(&amp;D)...</translation>
    </message>
    <message>
        <source>Pick the folder that holds MNIST/raw/ (or where to download it)</source>
        <translation>MNIST/raw/ があるフォルダ（またはダウンロード先）を選びます</translation>
    </message>
    <message>
        <source>&amp;Open model...</source>
        <translation>モデルを開く(&amp;O)...</translation>
    </message>
    <message>
        <source>Open a saved checkpoint; the Draw a digit panel answers with it</source>
        <translation>保存したチェックポイントを開きます。「数字を描く」パネルがそのモデルで推論します</translation>
    </message>
    <message>
        <source>&amp;Save model...</source>
        <translation>モデルを保存(&amp;S)...</translation>
    </message>
    <message>
        <source>Save the weights of the current run as a checkpoint file</source>
        <translation>現在の学習の重みをチェックポイントファイルに保存します</translation>
    </message>
    <message>
        <source>Open &amp;recording...</source>
        <translation>記録を開く(&amp;R)...</translation>
    </message>
    <message>
        <source>Replay a recorded run (a folder written by &apos;mnist-viz train --record&apos; or by Record runs to folder)</source>
        <translation>記録した学習を再生します（「mnist-viz train --record」または「学習をフォルダに記録」で書き出したフォルダ）</translation>
    </message>
    <message>
        <source>R&amp;uns...</source>
        <translation>学習の一覧(&amp;U)...</translation>
    </message>
    <message>
        <source>List the recordings in a folder, draw any number of them on the Loss panel, replay one</source>
        <translation>フォルダ内の記録を一覧にし、いくつでも損失パネルに重ねて描き、その一つを再生します</translation>
    </message>
    <message>
        <source>Record runs to &amp;folder...</source>
        <translation>学習をフォルダに記録(&amp;F)...</translation>
    </message>
    <message>
        <source>Record every run from now on into its own folder, to replay it with the timeline (drag back while training goes on)</source>
        <translation>これ以降の学習をそれぞれのフォルダに記録し、タイムラインで再生できるようにします（学習中でもさかのぼってドラッグできます）</translation>
    </message>
    <message>
        <source>E&amp;xport panel as PNG</source>
        <translation>パネルを PNG で書き出す(&amp;X)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>終了(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Training</source>
        <translation>学習(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>表示(&amp;V)</translation>
    </message>
    <message>
        <source>Snapshot &amp;rate</source>
        <translation>スナップショットの頻度(&amp;R)</translation>
    </message>
    <message>
        <source>{0:g} per second</source>
        <translation>毎秒 {0:g} 回</translation>
    </message>
    <message>
        <source>How often weights and activations are copied for the panels; lower it if drawing slows training down</source>
        <translation>パネル表示のために重みと活性をコピーする頻度。描画で学習が遅くなるときは下げてください</translation>
    </message>
    <message>
        <source>Reset &amp;layout</source>
        <translation>レイアウトをリセット(&amp;L)</translation>
    </message>
    <message>
        <source>Put every panel back where it started</source>
        <translation>すべてのパネルを最初の位置に戻します</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>ヘルプ(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;What am I looking at?</source>
        <translation>何が表示されているの？(&amp;W)</translation>
    </message>
    <message>
        <source>&amp;Start here</source>
        <translation>はじめに(&amp;S)</translation>
    </message>
    <message>
        <source>The tutorials&apos; ideas in their order, each with a button that sets the window up for it (the page shown on the first start)</source>
        <translation>チュートリアルの考え方をその順に。それぞれにウィンドウを準備するボタンがあります（最初の起動で開くページ）</translation>
    </message>
    <message>
        <source>&amp;Concepts</source>
        <translation>概念の解説(&amp;C)</translation>
    </message>
    <message>
        <source>Softmax, cross-entropy, back-propagation and the tutorials&apos; other ideas, a paragraph each, with where to see them in the app</source>
        <translation>ソフトマックス関数、交差エントロピー、誤差逆伝播法など、チュートリアルの考え方を 1 段落ずつ、アプリのどこで見られるかと合わせて解説します</translation>
    </message>
    <message>
        <source>&amp;Lessons</source>
        <extracomment>Help &gt; Lessons: one experiment per lesson, in the tutorial&apos;s order (filled by window.lessons).</extracomment>
        <translation>レッスン(&amp;L)</translation>
    </message>
    <message>
        <source>The lesson on initialisation: train the CNN (or your network, if it has a convolution layer) from all-zero and from random weights side by side</source>
        <translation>重みの初期化のレッスン：CNN（または畳み込み層のあるあなたのネットワーク）を、すべて 0 の重みと乱数の重みから並べて学習します</translation>
    </message>
    <message>
        <source>&amp;Fool the network...</source>
        <translation>ネットワークをだます(&amp;F)...</translation>
    </message>
    <message>
        <source>Change a digit, barely visibly, until the model answers a digit you pick: an adversarial example</source>
        <translation>数字を目立たないように変えて、選んだ数字をモデルに答えさせます：敵対的サンプル</translation>
    </message>
    <message>
        <source>&amp;About {0}</source>
        <translation>{0} について(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Experiment: why small random weights?</source>
        <translation>実験：なぜ重みは小さな乱数で初期化するの？(&amp;E)</translation>
    </message>
    <message>
        <source>Train the CNN from all-zero and from random weights side by side, and see why the start must be random</source>
        <translation type="vanished">すべて 0 の重みと乱数の重みから CNN を並べて学習し、なぜ初期値は乱数でなければならないのかを確かめます</translation>
    </message>
    <message>
        <source>No panel is shown</source>
        <translation>表示中のパネルがありません</translation>
    </message>
</context>
</TS>
