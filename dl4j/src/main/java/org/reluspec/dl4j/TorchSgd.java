package org.reluspec.dl4j;

import java.util.Map;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * torch.optim.SGD's momentum as a Deeplearning4j updater: buf = momentum buf + g (buf = g on the
 * first step), update = lr buf. Deeplearning4j's own Nesterovs updater is Nesterov momentum,
 * not the reference's heavy ball, so the engine brings this one. Weight decay is DL4J's L2
 * regularization (g += wd w before the updater), which is PyTorch's weight_decay.
 */
final class TorchSgd implements IUpdater {
    private static final long serialVersionUID = 1L;
    private double learningRate;
    private final double momentum;

    TorchSgd(double learningRate, double momentum) {
        this.learningRate = learningRate;
        this.momentum = momentum;
    }

    @Override
    public long stateSize(long numParams) {
        return momentum == 0 ? 0 : numParams;
    }

    @Override
    public GradientUpdater instantiate(INDArray viewArray, boolean initializeViewArray) {
        Updater u = new Updater(this);
        if (stateSize(viewArray == null ? 0 : viewArray.length()) > 0) {
            u.setStateViewArray(viewArray, viewArray.shape(), 'c', initializeViewArray);
        }
        return u;
    }

    @Override
    public GradientUpdater instantiate(Map<String, INDArray> state, boolean initializeStateArrays) {
        Updater u = new Updater(this);
        u.setState(state, initializeStateArrays);
        return u;
    }

    @Override
    public TorchSgd clone() {
        return new TorchSgd(learningRate, momentum);
    }

    @Override
    public double getLearningRate(int iteration, int epoch) {
        return learningRate;
    }

    @Override
    public boolean hasLearningRate() {
        return true;
    }

    @Override
    public void setLrAndSchedule(double lr, ISchedule lrSchedule) {
        if (lrSchedule != null) {
            throw new UnsupportedOperationException("the run sets the epoch's rate itself");
        }
        this.learningRate = lr;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TorchSgd t && t.learningRate == learningRate && t.momentum == momentum;
    }

    @Override
    public int hashCode() {
        return Objects.hash(learningRate, momentum);
    }

    private static final class Updater implements GradientUpdater<TorchSgd> {
        private final TorchSgd config;
        private INDArray buf;

        Updater(TorchSgd config) {
            this.config = config;
        }

        @Override
        public TorchSgd getConfig() {
            return config;
        }

        @Override
        public void setState(Map<String, INDArray> state, boolean initialize) {
            if (config.momentum != 0) {
                buf = state.get("buf");
                if (initialize) {
                    buf.assign(0);
                }
            }
        }

        @Override
        public Map<String, INDArray> getState() {
            return buf == null ? Map.of() : Map.of("buf", buf);
        }

        @Override
        public void setStateViewArray(INDArray viewArray, long[] gradientShape, char order, boolean initialize) {
            buf = viewArray.reshape(order, gradientShape);
            if (initialize) {
                buf.assign(0);
            }
        }

        @Override
        public void applyUpdater(INDArray gradient, int iteration, int epoch) {
            double lr = config.getLearningRate(iteration, epoch);
            if (config.momentum != 0) {
                buf.muli(config.momentum).addi(gradient);
                gradient.assign(buf);
            }
            gradient.muli(lr);
        }
    }
}
