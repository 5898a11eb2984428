<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja">
<context>
    <name>ArchEditor</name>
    <message>
        <source>Convolution 5×5, 32 channels</source>
        <extracomment>What Add offers: (menu text, the layer it inserts).</extracomment>
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
        <extracomment>The concepts, in the order of the tutorial write-up (and of the dialog&apos;s list). Which concepts each panel shows (panel_id -&gt; concept keys, the most useful first). The fallback language, and the folder of the texts inside resources/. A link to a concept: ``concept:dropout``. The paragraph(s), Markdown, without the heading.</extracomment>
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
Help &gt; Experiment trains them side by side.</source>
        <translation>重みの初期値。CNN を「すべて同じ値」で始めると、なぜ対称性を崩す必要があるのかがわかります。同じ値で始まったフィルタは同じ勾配を受け取り、いつまでも互いのコピーのままです。「すべて 0」がうまくいかないのは別の理由からです。0 にある ReLU は勾配を逆向きに伝えないので、出力層より前の重みは一つも動きません。
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
        <extracomment>The data set is loaded and training can start (the data.Mnist). The data set could not be loaded (the message says why and what to do). PyTorch has been imported (in the background, after the window was shown). Another data set was chosen (its key); the window renames itself and the panels&apos; classes. Something Start&apos;s availability depends on changed (loading began or ended). The chosen data set&apos;s key (&quot;mnist&quot;, &quot;fashion-mnist&quot;, &quot;kmnist&quot;; see core.datasets). A GPU chosen last time, selected once torch finds it.</extracomment>
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
        <translation>再生中のステップには記録された部分しかありません。埋め込みにはすべての重みが必要です。ライブに戻るか、その実行のチェックポイントを開いてください。</translation>
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
        <source>a drawn image</source>
        <translation>描いた画像</translation>
    </message>
    <message>
        <source>test #{0}</source>
        <translation>テスト #{0}</translation>
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
        <extracomment>The conv layers shown, input side first, and their newest weights. Per layer: (step, weights) of the first snapshot since the run started. The first conv&apos;s distinct filters in the newest snapshot (core.experiments.FilterDiversity). The conv layer last chosen in another panel (the Network panel&apos;s blocks): it gets the larger share of the mosaics&apos; height and a ▶ before its title. Each deeper conv&apos;s (mode, input channel), kept while another one is chosen.</extracomment>
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
        <translation>今描かれている conv1 のフィルタを、そのステップ数とともにモザイクの下のフィルムストリップに残し、ステップどうしを並べて比べられるようにします（先に色を固定しておくと、どの絵でも同じ色が同じ値を表します）。</translation>
    </message>
    <message>
        <source>Clear strip</source>
        <translation>ストリップを消去</translation>
    </message>
    <message>
        <source>Remove the captured pictures</source>
        <translation>キャプチャした絵を消します</translation>
    </message>
    <message>
        <source>distinct: how many of conv1&apos;s filters differ from one another (1: all copies, symmetry not broken).
structure: the mean correlation of horizontally and vertically neighbouring weights within conv1&apos;s 5×5 filters: about 0 for random noise, near 1 for smooth filters.</source>
        <translation>相異なる：conv1 のフィルタのうち、互いに異なるものの数（1 ならすべて同じもののコピーで、対称性が崩れていません）。
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
        <translation>ステップ {0}
{1}</translation>
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
        <source>shown for the {0} models</source>
        <translation>{0} モデルで表示</translation>
    </message>
    <message>
        <source>shown for the {0} model</source>
        <translation>{0} モデルで表示</translation>
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
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Training</source>
        <extracomment>How long closing the window waits for worker threads (training stops within a step). The data set is loaded and training can start. The data set could not be loaded (the message says why and what to do). PyTorch has been imported (in the background, after the window was shown). True once the docks are placed for the window&apos;s real size (after the first show). The training worker (runs the Trainer in a thread). What every panel is a view of: the weights shown, the probe, the data set (core.state). Replaying recordings, recording runs, the timeline bar. Keeps the view state and feeds the panels from it whenever nothing trains.</extracomment>
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
        <source>&lt;b&gt;Test the model on your own handwriting.&lt;/b&gt; Draw a digit with the mouse, a pen or a finger (&lt;i&gt;Esc&lt;/i&gt; clears, &lt;i&gt;Ctrl+Z&lt;/i&gt; undoes a stroke), or load a picture.&lt;br&gt;&lt;b&gt;Model input&lt;/b&gt;: what the network really receives. Like MNIST, the ink&apos;s bounding box is scaled to 20 pixels (aspect kept), centred by its centre of mass in 28×28, bright ink on black. So where and how large you draw does not matter; very thin or very fat pens are evened out.&lt;br&gt;&lt;b&gt;Why&lt;/b&gt;: which pixels made the winning digit, four ways (the box above the picture; its tooltip says how to read each): Integrated Gradients (the default: red ink pushes the model towards its answer, blue ink away from it; for softmax regression exactly x·W, the tutorial&apos;s evidence), Saliency (the gradient), Grad-CAM (the last convolution layer&apos;s regions; CNN only) and Occlusion (patches blacked out in turn).&lt;br&gt;&lt;b&gt;Probabilities&lt;/b&gt;: from the shipped pretrained model, the model being trained (watch it improve as it learns), or a checkpoint file. &lt;i&gt;Use as probe&lt;/i&gt; shows your digit in the feature-map panel.&lt;br&gt;&lt;b&gt;Not sure&lt;/b&gt;: when the highest probability is below a threshold measured for the model (on real digits against letters, scribbles and pairs of digits), the panel says so and gives its best guess instead of stating a digit. The CNN is unsure of most scribbles but not of every letter; softmax regression is sure of almost anything: a network trained on digits only has no answer for &quot;none of these&quot;.</source>
        <translation>&lt;b&gt;自分の手書き文字でモデルを試します。&lt;/b&gt;マウス、ペン、指で数字を描くか（&lt;i&gt;Esc&lt;/i&gt; で消去、&lt;i&gt;Ctrl+Z&lt;/i&gt; で一画戻す）、画像を読み込んでください。&lt;br&gt;&lt;b&gt;モデルへの入力&lt;/b&gt;：ネットワークが実際に受け取る画像です。MNIST と同じように、インクの外接矩形を縦横比を保って 20 ピクセルに縮小し、重心が 28×28 の中心に来るように置き、黒地に明るいインクにします。ですから、どこにどの大きさで描いても構いません。極端に細いペンや太いペンもならされます。&lt;br&gt;&lt;b&gt;根拠&lt;/b&gt;：どのピクセルが一番確率の高い数字を生んだかを 4 通りで示します（画像の上の選択欄。そのツールチップに各方法の読み方があります）：Integrated Gradients（統合勾配。既定：赤いインクはモデルをその答えへ押し、青いインクは遠ざけます。ソフトマックス回帰ではちょうど x·W、チュートリアルの evidence です）、サリエンシー（勾配）、Grad-CAM（最後の畳み込み層が頼る領域。CNN のみ）、オクルージョン（部分を順に黒く覆う）。&lt;br&gt;&lt;b&gt;確率&lt;/b&gt;：同梱の学習済みモデル、学習中のモデル（学ぶにつれて良くなる様子が見えます）、またはチェックポイントファイルによる推論の結果です。&lt;i&gt;プローブに使う&lt;/i&gt; を押すと、描いた数字を特徴マップのパネルで見られます。&lt;br&gt;&lt;b&gt;自信なし&lt;/b&gt;：最も高い確率がそのモデルについて測ったしきい値（本物の数字と、文字・なぐり書き・2 つ並んだ数字とを比べて測ったもの）を下回るとき、パネルは数字を答える代わりにそう表示し、いちばん近い候補を示します。CNN はなぐり書きの大半には自信なしと答えますが、すべての文字にではありません。ソフトマックス回帰はほとんど何にでも自信を持ちます。数字だけで学習したネットワークは「どれでもない」という答えを持たないからです。</translation>
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
        <extracomment>Most thumbnails the gallery shows at once. Errors: black (none) - red - yellow - white (many), on log10(1 + count). Error cells brighter than this fraction of the colour range get dark text.</extracomment>
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
        <translation>特徴マップ</translation>
    </message>
    <message>
        <source>&lt;b&gt;What one image does inside the network.&lt;/b&gt; Pick the probe: a test image by number, &lt;i&gt;Random&lt;/i&gt;, or &lt;i&gt;Next misclassified&lt;/i&gt; (after an evaluation). Or draw one.&lt;br&gt;&lt;b&gt;CNN&lt;/b&gt;: every conv/pool tile is one channel&apos;s response to the image (black 0, yellow strong; ReLU makes everything ≥ 0). conv1 channels light up along edges and strokes of one orientation; pool1 is the same at half resolution; conv2 combines them into larger parts, pool2 shrinks again to 7×7; fc1&apos;s 1,024 units feed the output.&lt;br&gt;&lt;b&gt;Softmax&lt;/b&gt;: the evidence images show each pixel&apos;s vote x·W[:, k] for each digit (red for, blue against); their sums (plus biases) go through softmax.&lt;br&gt;Watch for: which channels stay dark for every image (dead units), how the winning probability grows during training, and what the misclassified images look like.</source>
        <translation>&lt;b&gt;1 枚の画像がネットワークの中で何を起こすか。&lt;/b&gt;プローブ画像を選んでください：番号で指定するテスト画像、&lt;i&gt;ランダム&lt;/i&gt;、または（評価の後なら）&lt;i&gt;次の誤分類&lt;/i&gt;。自分で描くこともできます。&lt;br&gt;&lt;b&gt;CNN&lt;/b&gt;：畳み込み層・プーリング層の各タイルは、1 チャンネルの画像への応答です（黒は 0、黄は強い。ReLU のためすべて ≥ 0）。conv1 のチャンネルはある向きのエッジや線に沿って光ります。pool1 はそれを半分の解像度にしたもの、conv2 はそれらを組み合わせてより大きな部品にし、pool2 はさらに 7×7 に縮めます。fc1 の 1,024 ユニットが出力層へつながります。&lt;br&gt;&lt;b&gt;ソフトマックス回帰&lt;/b&gt;：evidence 画像は、各数字に対する各ピクセルの票 x·W[:, k] を示します（赤は賛成、青は反対）。その合計（とバイアス）がソフトマックスに入ります。&lt;br&gt;注目点：どの画像でも暗いままのチャンネル（死んだユニット）、学習中に勝者の確率が高まっていく様子、そして誤分類された画像がどんな形か。</translation>
    </message>
    <message>
        <source>Convolution filters</source>
        <extracomment>The tutorial CNN&apos;s conv layers (what the panel shows before it knows the model).</extracomment>
        <translation>畳み込みフィルタ</translation>
    </message>
    <message>
        <source>&lt;b&gt;The CNN&apos;s learned filters&lt;/b&gt; (5×5 weights; &lt;span style=&apos;color:#e04040&apos;&gt;red&lt;/span&gt; positive, &lt;span style=&apos;color:#4060e0&apos;&gt;blue&lt;/span&gt; negative, white 0).&lt;br&gt;&lt;b&gt;conv1&lt;/b&gt;: the 32 filters that slide over the image. Each responds where the image looks like it: a red stripe beside a blue one is an edge detector.&lt;br&gt;&lt;b&gt;conv2&lt;/b&gt;: each of its 64 filters has one 5×5 kernel per conv1 channel (32); pick a channel, or show all 64×32 (row = input channel, column = filter).&lt;br&gt;&lt;b&gt;What you see, and when.&lt;/b&gt; Every filter starts as random noise. What training adds to it is smooth from the first steps (strokes, edges, blobs), but small against that noise. The line under the controls measures it: &lt;i&gt;structure&lt;/i&gt; is the mean correlation of neighbouring weights in conv1&apos;s filters, about 0 for noise and near 1 for smooth filters. Measured here at step 300:&lt;br&gt;• &lt;i&gt;tutorial-cnn&lt;/i&gt; (Adam 1e-4): a weight moves by at most about 1e-4 a step against a starting spread of 0.1, so the filters still look like the starting noise (structure about −0.05), although the network already recognises about 93 % of the test digits. Tick &lt;i&gt;Show change since step 0&lt;/i&gt; to see what it has learned: smooth strokes from the first hundred steps on (structure of the change about 0.65).&lt;br&gt;• &lt;i&gt;fast-cnn&lt;/i&gt; (He start, spread about 0.28): the same; its filters measure as noise (about 0.0) at step 300 and still at the end of its 1,800 steps, at 99.3 %.&lt;br&gt;• &lt;i&gt;watch-cnn&lt;/i&gt;, made for watching (momentum with a warm-up): each weight moves with its gradient, which is smooth because the images are, so blotches and bars show in the filters themselves within 100 to 300 steps (structure about 0.2 at step 300; about 97 % of the test digits). They are not clean edge detectors yet: part of the starting noise is still there, and &lt;i&gt;Show change since step 0&lt;/i&gt; shows the learned part alone.&lt;br&gt;conv2 changes more slowly and is harder to read. &lt;i&gt;Per-tile range&lt;/i&gt; scales each tile to its own ±max, which makes weak filters visible; hover for the true values. Untick &lt;i&gt;Auto range&lt;/i&gt; to fix the colours, so that a colour means the same value from frame to frame; &lt;i&gt;Capture&lt;/i&gt; keeps the filters of the step shown in a filmstrip, to compare steps side by side. &lt;i&gt;distinct&lt;/i&gt; counts the filters that differ: 1 means they are all copies (the symmetry of an &apos;All equal&apos; start; Help &gt; Experiment).</source>
        <translation>&lt;b&gt;CNN が学習したフィルタ&lt;/b&gt;（5×5 の重み。&lt;span style=&apos;color:#e04040&apos;&gt;赤&lt;/span&gt;は正、&lt;span style=&apos;color:#4060e0&apos;&gt;青&lt;/span&gt;は負、白は 0）。&lt;br&gt;&lt;b&gt;conv1&lt;/b&gt;：画像の上をスライドする 32 個のフィルタ。それぞれ、画像がフィルタに似ている場所で強く反応します。赤い縞と青い縞が並んだものはエッジ検出器です。&lt;br&gt;&lt;b&gt;conv2&lt;/b&gt;：64 個のフィルタはそれぞれ、conv1 のチャンネル（32）ごとに 5×5 のカーネルを持ちます。チャンネルを一つ選ぶか、64×32 すべてを表示してください（行 = 入力チャンネル、列 = フィルタ）。&lt;br&gt;&lt;b&gt;何が、いつ見えるか。&lt;/b&gt; どのフィルタもランダムなノイズから始まります。学習で加わるものは最初のステップから滑らか（線・エッジ・かたまり）ですが、そのノイズに比べると小さいのです。操作欄の下の行がそれを測ります。&lt;i&gt;構造&lt;/i&gt;は conv1 のフィルタで隣り合う重みどうしの相関の平均で、ノイズならほぼ 0、滑らかなフィルタなら 1 に近くなります。このマシンでステップ 300 に測った値：&lt;br&gt;• &lt;i&gt;tutorial-cnn&lt;/i&gt;（Adam 1e-4）：重みは 1 ステップで最大でも約 1e-4 しか動かず、初期値のばらつき 0.1 に比べてごくわずかです。そのためネットワークはすでにテスト画像の約 93 % を正しく認識しているのに、フィルタは初期のノイズのままに見えます（構造は約 −0.05）。&lt;i&gt;ステップ 0 からの変化を表示&lt;/i&gt; にチェックを入れると、学習したものが見えます。最初の 100 ステップから滑らかな線になっています（変化の構造は約 0.65）。&lt;br&gt;• &lt;i&gt;fast-cnn&lt;/i&gt;（He の初期値、ばらつき約 0.28）：同じく、フィルタはステップ 300 でも、1,800 ステップの最後（99.3 %）でもノイズと測られます（約 0.0）。&lt;br&gt;• &lt;i&gt;watch-cnn&lt;/i&gt;、見るための設定（ウォームアップ付きのモメンタム）：各重みは勾配に沿って動き、画像が滑らかなので勾配も滑らかです。そのため 100〜300 ステップのうちに、フィルタそのものにまだらや帯が現れます（ステップ 300 で構造は約 0.2、テスト画像の約 97 %）。まだきれいなエッジ検出器ではありません。初期のノイズが一部残っており、&lt;i&gt;ステップ 0 からの変化を表示&lt;/i&gt; で学習した部分だけを見られます。&lt;br&gt;conv2 の変化はもっと遅く、読み取りにくいです。&lt;i&gt;タイルごとの範囲&lt;/i&gt; は各タイルをそれぞれの ±最大値で表示するので、弱いフィルタも見えるようになります。マウスを重ねると実際の値が出ます。&lt;i&gt;自動範囲&lt;/i&gt; のチェックを外すと色が固定され、フレームが変わっても同じ色が同じ値を表します。&lt;i&gt;キャプチャ&lt;/i&gt; は表示中のステップのフィルタをフィルムストリップに残し、ステップどうしを並べて比べられるようにします。&lt;i&gt;相異なる&lt;/i&gt; は互いに異なるフィルタの数です。1 ならすべて同じもののコピーです（「すべて同じ値」で始めたときの対称性。ヘルプ &gt; 実験）。</translation>
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
        <source>&lt;b&gt;Loss and accuracy&lt;/b&gt; per training step.&lt;br&gt;&lt;b&gt;Orange&lt;/b&gt;: the cross-entropy of each batch, per image (faint), and its moving average (bold; the &lt;i&gt;Smoothing&lt;/i&gt; slider sets how much, as in TensorBoard). It starts at ln 10 ≈ 2.30 when every digit gets probability 0.1. &lt;b&gt;Green&lt;/b&gt;: the accuracy on the training batch (100 or 50 images), smoothed the same way; for the CNN it is measured with dropout on, so it runs below what the network scores on the same images with dropout off (after 600 steps of tutorial-cnn: about 91 % on the batches, 95 % on training and test images alike with dropout off). &lt;b&gt;Blue&lt;/b&gt;: the accuracy (right axis) on the 10,000 test images at each evaluation; the orange squares are their loss (left axis).&lt;br&gt;Watch for: the loss falling fast, then slowly; test accuracy levelling off (about 92 % for softmax regression, about 99 % for the CNN); a loss that jumps up or becomes NaN (learning rate too high). A gap between green and blue is not over-fitting: one batch is noisy, and dropout lowers the green curve. Over-fitting shows as a test loss (squares) that rises while the training loss keeps falling. &lt;i&gt;Log y&lt;/i&gt; shows the slow late progress better.</source>
        <translation>学習ステップごとの&lt;b&gt;損失と正解率&lt;/b&gt;。&lt;br&gt;&lt;b&gt;オレンジ&lt;/b&gt;：各ミニバッチの画像 1 枚あたりの交差エントロピー（薄い線）とその移動平均（太い線。平滑化の度合いは TensorBoard と同じく &lt;i&gt;平滑化&lt;/i&gt; スライダーで決めます）。どの数字にも確率 0.1 を付けるときは ln 10 ≈ 2.30 から始まります。&lt;b&gt;緑&lt;/b&gt;：訓練ミニバッチ（100 枚か 50 枚）での正解率（同じように平滑化）。CNN ではドロップアウトが効いた状態で測るので、同じ画像をドロップアウトなしで測った値より低く出ます（tutorial-cnn の 600 ステップ後で、ミニバッチでは約 91 %、ドロップアウトなしでは訓練画像でもテスト画像でも 95 %）。&lt;b&gt;青&lt;/b&gt;：評価のたびに 10,000 枚のテスト画像で測った正解率（右軸）。オレンジの四角はその損失（左軸）です。&lt;br&gt;注目点：損失が最初は速く、その後ゆっくり下がること。テスト正解率が頭打ちになること（ソフトマックス回帰で約 92 %、CNN で約 99 %）。損失が跳ね上がったり NaN になったりすること（学習率が高すぎる）。緑と青の差は過学習ではありません。1 つのミニバッチはばらつきが大きく、ドロップアウトが緑の線を下げるからです。過学習は、訓練の損失が下がり続けるのにテストの損失（四角）が上がっていくことで分かります。&lt;i&gt;対数 y 軸&lt;/i&gt; にすると、後半のゆっくりした進歩が見やすくなります。</translation>
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
        <extracomment>Where a panel sits in the default layout (:mod:`mnist_viz.gui.layout` reads it): the top of the middle column (the loss), below it (a network&apos;s learned weights, tabbed together), beside those (the probe&apos;s activations), the right-hand column, under the training controls if there is room, or a tab behind the top panel. Stable identifier (used for dock object names, settings and the screenshot command). Title of the dock. &quot;What am I looking at?&quot;: rich text for a newcomer who has just read the tutorials. Where the panel sits in the default layout (one of :data:`PLACEMENTS`). True if the panel draws over time from every snapshot, so that a replay hands it the recorded history (:meth:`on_snapshot_history`) as well as the shown snapshot. True if File &gt; Open model... shows the opened checkpoint in this panel (:meth:`load_checkpoint`). The data set&apos;s class names, index = label, and shorter ones for tight spaces (MNIST&apos;s digits until the window calls :meth:`set_class_names`). Emitted when the panel&apos;s needs (``parts``) change, e.g. the user picked another layer. Emitted when the panel asks for a test image to become the probe (index into test set). Emitted when the panel offers its own image (28x28 float numpy array) as the probe. Emitted when the user chooses, in the panel, which weights to show (the canvas&apos;s model box): (&quot;pretrained&quot;, model), (&quot;live&quot;,) or (&quot;file&quot;, path, model). Emitted when the user picks a layer in the panel (the Network panel&apos;s blocks): its activation part (&quot;conv1&quot;, &quot;pool2&quot;, &quot;fc1&quot;, &quot;probabilities&quot;...); the hub hands it to every other panel&apos;s :meth:`on_layer_chosen`. Folder the last &quot;Export as PNG...&quot; went to (the next one starts there).</extracomment>
        <translation>PNG として書き出す...</translation>
    </message>
    <message>
        <source>Save a picture of this panel as it is now</source>
        <translation>このパネルの今の様子を画像として保存します</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>ネットワーク</translation>
    </message>
    <message>
        <source>&lt;b&gt;The whole network, from the image (left) to the answer (right).&lt;/b&gt; Each block is what one layer hands on to the next, for the probe image.&lt;br&gt;&lt;b&gt;The numbers&lt;/b&gt;: &lt;i&gt;channels × height × width&lt;/i&gt; for a convolution or a pooling: 32×28×28 is 32 maps (one per filter) of 28×28 pixels; pooling halves height and width. A fully connected layer&apos;s number is its units (1024); the output has one probability per class.&lt;br&gt;&lt;b&gt;The pictures&lt;/b&gt;: for a stack of maps, its strongest channel for this image; for a fully connected layer, every unit as a strip (bright = active); the output&apos;s bars are the probabilities (orange = the prediction). The arrows name the layers in between.&lt;br&gt;&lt;b&gt;Click a block&lt;/b&gt; to see that layer in the other panels (feature maps, filters). Hover for its parameters and its cost in floating-point operations (FLOPs).</source>
        <translation>&lt;b&gt;画像（左）から答え（右）までのネットワーク全体。&lt;/b&gt;各ブロックは、プローブ画像に対してある層が次の層へ渡すものです。&lt;br&gt;&lt;b&gt;数字&lt;/b&gt;: 畳み込み層やプーリング層では &lt;i&gt;チャンネル数 × 高さ × 幅&lt;/i&gt;。32×28×28 は 28×28 ピクセルの特徴マップが 32 枚（フィルタ 1 つに 1 枚）という意味です。プーリングで高さと幅が半分になります。全結合層の数字はユニット数（1024）で、出力はクラスごとに 1 つの確率です。&lt;br&gt;&lt;b&gt;画像&lt;/b&gt;: 特徴マップの束では、この画像でいちばん強く反応したチャンネル。全結合層では全ユニットを帯状に並べたもの（明るい = 活性が高い）。出力の棒は確率です（オレンジ = 予測）。矢印には間にある層の名前が書いてあります。&lt;br&gt;&lt;b&gt;ブロックをクリック&lt;/b&gt;すると、その層を他のパネル（特徴マップ、フィルタ）に表示します。マウスを重ねると、そのパラメータ数と浮動小数点演算数（FLOPs）で表した計算量が出ます。</translation>
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
        <extracomment>File &gt; Record runs to folder... (checkable; set by the menus). File &gt; Runs... (made when first asked for, then kept: its ticks stay).</extracomment>
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
        <translation>記録した学習を開く（そのフォルダ）</translation>
    </message>
    <message>
        <source>Cannot open the recording</source>
        <translation>記録を開けません</translation>
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
        <extracomment>At most one replayed step per this many milliseconds while the slider is dragged. How often the timeline takes in the steps a live recording has added. A snapshot every this many steps in the recordings the window makes. Something a menu shows changed (replaying or not, recording or not). A live run&apos;s recorder could not be created or failed (one-line message). The data set chosen in the window (a recording made now is of it).</extracomment>
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
        <translation>{0} は {1} モデルですが、選択中のモデルは {2} です。先に「学習」で {1} モデルを選ぶか、{2} のチェックポイントを開いてください</translation>
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
        <source>W[:, k] as 28×28, for each class k</source>
        <translation>W[:, k] を 28×28 で、クラス k ごとに</translation>
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
        <translation>再生中のステップには記録された部分しかありません。このパネルにはすべての重みが必要です。ライブに戻るか、その実行のチェックポイントを開いてください。</translation>
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
        <source>&amp;Concepts</source>
        <translation>概念の解説(&amp;C)</translation>
    </message>
    <message>
        <source>Softmax, cross-entropy, back-propagation and the tutorials&apos; other ideas, a paragraph each, with where to see them in the app</source>
        <translation>ソフトマックス関数、交差エントロピー、誤差逆伝播法など、チュートリアルの考え方を 1 段落ずつ、アプリのどこで見られるかと合わせて解説します</translation>
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
        <translation>すべて 0 の重みと乱数の重みから CNN を並べて学習し、なぜ初期値は乱数でなければならないのかを確かめます</translation>
    </message>
    <message>
        <source>No panel is shown</source>
        <translation>表示中のパネルがありません</translation>
    </message>
</context>
</TS>
